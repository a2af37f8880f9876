'use strict';
// Finds the CLI bundle (out/cli/hcnproxyctl.cjs, written by scripts/build-cli.mjs at install) and
// builds it again first when any file it was built from changed (size or mtime differs from the
// stamp beside it), so a source checkout never runs stale code and no call compiles TypeScript.
//
// Only synchronous calls here: libuv sizes its thread pool (where every koffi async HNS call runs)
// once, at its first use, and the bundle's first module sizes it (native/windows/threadpool.ts).
// statSync, readFileSync and spawnSync never touch the pool.
const { existsSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');
const { spawnSync } = require('node:child_process');

const ROOT = join(__dirname, '..');

/** Where the bundle, its input stamps and its build script live in the checkout at `root`. */
function cliPaths(root = ROOT) {
  return {
    bundle: join(root, 'out', 'cli', 'hcnproxyctl.cjs'),
    inputs: join(root, 'out', 'cli', 'hcnproxyctl.inputs.json'),
    build: join(root, 'scripts', 'build-cli.mjs'),
  };
}

/** Why the bundle must be built again, or undefined when it is current. */
function staleReason(root = ROOT) {
  const paths = cliPaths(root);
  if (!existsSync(paths.bundle)) return 'not built yet';
  let inputs;
  try {
    inputs = JSON.parse(readFileSync(paths.inputs, 'utf8')).inputs;
  } catch {
    return 'its input list is missing';
  }
  if (!Array.isArray(inputs) || inputs.length === 0) return 'its input list is empty';
  const base = root + '/';
  for (const entry of inputs) {
    const [path, size, mtimeMs] = Array.isArray(entry) ? entry : [];
    if (typeof path !== 'string') return 'its input list is malformed';
    const s = statSync(base + path, { throwIfNoEntry: false });
    if (!s || s.size !== size || s.mtimeMs !== mtimeMs) return `${path} changed`;
  }
  return undefined;
}

/**
 * The bundle's path, built or rebuilt first when needed; undefined (after a message on stderr and
 * exit status 1) when there is none to run.
 */
function ensureCliBundle(root = ROOT) {
  const paths = cliPaths(root);
  const reason = staleReason(root);
  if (!reason) return paths.bundle;
  if (!existsSync(paths.build))
    return existsSync(paths.bundle) ? paths.bundle : fail('the CLI bundle is missing.');
  const r = spawnSync(process.execPath, [paths.build], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status === 0 && existsSync(paths.bundle)) return paths.bundle;
  const why = (r.error ? r.error.message : String(r.stderr || '').trim()) || `exit status ${r.status}`;
  if (!existsSync(paths.bundle)) {
    const hint = /esbuild/.test(why) ? `\nRun \`npm install\` in ${root} (esbuild is a dev dependency).` : '';
    return fail(`could not build the CLI bundle (${reason}): ${why}${hint}`);
  }
  // An older bundle beats none (e.g. a read-only install, or a source saved half-way): say so, run it.
  process.stderr.write(
    `hcnproxyctl: warning: ${reason} but the CLI bundle could not be rebuilt (${why}); running the previous build.\n`,
  );
  return paths.bundle;
}

function fail(message) {
  process.stderr.write(`hcnproxyctl: ${message}\n`);
  process.exitCode = 1;
  return undefined;
}

module.exports = { cliPaths, ensureCliBundle, staleReason };
