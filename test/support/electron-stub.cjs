'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload for `node --require` */
// `node --require test/support/electron-stub.cjs out/main/index.js`: lets the Electron main bundle's
// top level run in plain Node (no Electron binary here). `require('electron')` returns an object on
// which every property is a no-op function returning that object again; app.whenReady() never
// settles, so main() stops before any window or HNS work and the process ends once the top level
// has run. Used to measure what the bundle's first chunk did to the thread pool (pool-probe.cjs).
const Module = require('node:module');

const never = new Promise(() => undefined);
const stub = new Proxy(function electronStub() {}, {
  get(_target, key) {
    if (key === 'then') return undefined; // not a thenable
    if (key === 'whenReady') return () => never;
    if (key === 'isPackaged') return false;
    return stub;
  },
  apply: () => stub,
  construct: () => stub,
});

const load = Module._load;
Module._load = function loadWithElectronStub(request, ...rest) {
  return request === 'electron' ? stub : load.call(this, request, ...rest);
};
