#!/usr/bin/env node
'use strict';
// The package's `hcnproxyctl` bin: the product CLI (electron/cli/main.ts: windows and simulated
// backends, no test code) from the source tree. This package is installed from source (it is private;
// the Windows deliverables are the MSI and the standalone exe of `npm run dist:cli`), so the sources
// run through tsx and can never drift from the bin. tsx-launch.cjs sizes libuv's thread pool first.
const { join } = require('node:path');
const { launch } = require('./tsx-launch.cjs');

launch(join(__dirname, '..', 'electron', 'cli', 'main.ts'));
