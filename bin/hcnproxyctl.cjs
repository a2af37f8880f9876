#!/usr/bin/env node
'use strict';
// The package's `hcnproxyctl` bin.
//
// Why tsx at run time rather than a bundle: the CLI is the same TypeScript as the app's core
// (electron/core, electron/ipc, native/), and this package is installed from source (it is private;
// the Windows deliverable is the MSI). Loading the sources through tsx's register API means the bin
// can never drift from `npm run cli`, needs no build step, and costs ~0.3 s of start-up for
// transpiling. If a prebuilt bundle exists (out/cli/hcnproxyctl.cjs, e.g. produced for a packaged
// install where devDependencies are absent) it is used instead, so shipping one later needs no change here.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'out', 'cli', 'hcnproxyctl.cjs');
if (existsSync(bundle)) {
  require(bundle);
} else {
  let api;
  try {
    // tsx's CommonJS register API: require() of .ts files is transpiled in-process (no child
    // process, no loader flags). Its ESM tsImport() is not usable from a .cjs file in tsx 4.23.
    api = require('tsx/cjs/api');
  } catch {
    process.stderr.write(
      'hcnproxyctl: tsx is not installed and no prebuilt CLI bundle was found (run `npm install`).\n',
    );
    process.exit(1);
  }
  api.register();
  require(join(__dirname, '..', 'electron', 'cli', 'main.ts'));
}
