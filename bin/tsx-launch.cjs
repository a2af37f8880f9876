'use strict';
// Runs a TypeScript entry from the source tree through tsx, with libuv's thread pool sized for the HNS
// calls in flight: `node bin/tsx-launch.cjs ENTRY.ts ARGS…` (`npm run cli`) or launch() (the bin).
//
// Order matters. libuv sizes its thread pool (where every koffi async HNS call runs) once, at its
// first use, and tsx's ESM loader reads the sources with asynchronous fs calls, which is such a use.
// Run as `tsx electron/cli/main.ts`, the pool had started at 4 threads before the entry's first line
// ran: 4 HNS calls in flight instead of 16 (measured). So, before anything can touch the pool,
// UV_THREADPOOL_SIZE is raised through tsx's synchronous CommonJS require (no async fs, and the one
// place that decides the size: native/windows/threadpool.ts); only then is tsx's loader registered
// and the entry imported. Setting the variable in the environment beforehand works too (it is kept
// when larger).
const { resolve } = require('node:path');
const { pathToFileURL } = require('node:url');

/**
 * Whether threadpool-init will run this command line again (Windows, libuv before 1.52.0: see
 * native/windows/threadpool.ts relaunchNeeded, the same rule, which tsx cannot load yet here;
 * test/unit/threadpool-relaunch.test.ts checks the two agree).
 */
function relaunchesOnThisRuntime(platform, uv) {
  if (platform !== 'win32') return false;
  const m = /^(\d+)\.(\d+)\.(\d+)/.exec(uv || '');
  if (!m) return true;
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return major < 1 || (major === 1 && minor < 52);
}

function fail(message) {
  process.stderr.write(`hcnproxyctl: ${message}\n`);
  process.exitCode = 1;
}

/** Raises the pool, registers tsx and imports `entry` (a path, absolute or from the working directory). */
function launch(entry, { entryInArgv = false } = {}) {
  // tsx's compile cache tidies itself with fs.promises at load: the CommonJS API that reads
  // threadpool-init.ts must load with the cache off (measured: the pool started at 4 otherwise).
  // The flag is read once per tsx module instance; the loader imported below runs with the cache on.
  // Not where threadpool-init relaunches this command line with the pool size in its environment
  // instead (Windows on an older libuv, see native/windows/threadpool.ts): the child inherits this
  // environment and must keep its cache.
  const cacheFlag = process.env.TSX_DISABLE_CACHE;
  if (!relaunchesOnThisRuntime(process.platform, process.versions.uv)) process.env.TSX_DISABLE_CACHE = '1';
  try {
    require('tsx/cjs/api').require('../native/windows/threadpool-init.ts', __filename);
  } catch (e) {
    const missing = e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes("'tsx/");
    fail(missing ? 'tsx is not installed (run `npm install` in the checkout).' : String(e));
    return;
  } finally {
    if (cacheFlag === undefined) delete process.env.TSX_DISABLE_CACHE;
    else process.env.TSX_DISABLE_CACHE = cacheFlag;
  }
  // Only now: on Windows threadpool-init may have run this command line again, entry included.
  // The entry then sees its own arguments where it expects them (process.argv.slice(2)).
  if (entryInArgv) process.argv.splice(2, 1);
  // Importing tsx registers its ESM and CommonJS loaders, as `node --import tsx` would.
  import('tsx')
    .then(() => import(pathToFileURL(resolve(entry)).href))
    .catch((e) => fail(e instanceof Error ? e.message : String(e)));
}

module.exports = { launch, relaunchesOnThisRuntime };

if (require.main === module) {
  const entry = process.argv[2];
  if (!entry) fail('usage: node bin/tsx-launch.cjs ENTRY.ts [ARGS…]');
  else launch(entry, { entryInArgv: true });
}
