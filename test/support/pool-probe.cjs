'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for `node --require` */
// `node --require test/support/pool-probe.cjs ENTRY …`: measures the libuv thread pool an entry point
// left its process with, for entry points that cannot reach the fake library themselves (the bin and
// the Electron main bundle ship only the real Windows backend). It does nothing until the entry has
// run and its event loop is empty ('beforeExit'): libuv sized the pool at its first use, long before.
// Then it makes 32 koffi async calls into the fake library, each held 40 ms, and writes the most that
// were inside the library at once ({"maxInFlight": n, "uvThreadpoolSize": "…"}) to POOL_PROBE_OUT.
// Loading koffi and the library after the entry ran keeps the probe from sizing the pool itself.
const { writeFileSync } = require('node:fs');

const out = process.env.POOL_PROBE_OUT;
const library = process.env.POOL_PROBE_LIB;
let probed = false;

process.on('beforeExit', () => {
  if (probed || !out || !library) return;
  probed = true;
  const koffi = require('koffi');
  const lib = koffi.load(library);
  const configure = lib.func('int HcnFakeConfigure(const char *json)');
  const maxInFlight = lib.func('long HcnFakeMaxInFlight(void)');
  // A close of no handle: goes through the fake's entry (latency, in-flight count), allocates nothing.
  const close = lib.func('int HcnCloseNetwork(void *h)');
  configure(JSON.stringify({ latencyUs: 40000 }));
  const calls = Array.from(
    { length: 32 },
    () => new Promise((resolve, reject) => close.async(null, (err) => (err ? reject(err) : resolve()))),
  );
  Promise.all(calls).then(
    () => {
      writeFileSync(
        out,
        JSON.stringify({
          maxInFlight: Number(maxInFlight()),
          uvThreadpoolSize: process.env.UV_THREADPOOL_SIZE ?? null,
        }),
      );
      configure('{}');
    },
    (e) => writeFileSync(out, JSON.stringify({ error: String(e) })),
  );
});
