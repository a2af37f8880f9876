'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for `node --require` */
// `node --require test/support/loaded-packages.cjs ENTRY …`: at exit, writes to LOADED_PACKAGES_OUT the
// npm packages the process loaded through require (their names, from the node_modules paths in
// require.cache), so a test can tell which packages a command's start-up pulled in.
const { writeFileSync } = require('node:fs');

const out = process.env.LOADED_PACKAGES_OUT;
process.on('exit', () => {
  if (!out) return;
  const names = new Set();
  for (const file of Object.keys(require.cache)) {
    const m = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(file);
    if (m) names.add(m[1].replace(/\\/g, '/'));
  }
  writeFileSync(out, JSON.stringify([...names].sort()));
});
