#!/usr/bin/env node
'use strict';
// The package's `hcnproxyctl` bin: the product CLI (electron/cli/main.ts: windows and simulated
// backends, no test code), run from its bundle (scripts/build-cli.mjs; built at install, rebuilt here
// when a source changed: cli-bundle.cjs). The bundle's first module sizes libuv's thread pool, and
// nothing before it uses the pool.
const { ensureCliBundle } = require('./cli-bundle.cjs');

const bundle = ensureCliBundle();
if (bundle) require(bundle);
