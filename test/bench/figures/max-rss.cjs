'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for `node --require` */
// `node --require test/bench/figures/max-rss.cjs ENTRY …`: at exit, writes the process's peak resident
// memory in bytes (process.resourceUsage().maxRSS, which Node gives in KiB) to MAX_RSS_OUT.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const out = process.env.MAX_RSS_OUT;
  if (out) writeFileSync(out, String(process.resourceUsage().maxRSS * 1024));
});
