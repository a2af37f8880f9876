// `node test/crlf/run.mjs [commit]`: the CRLF lane of `npm test`. Clones the commit (default HEAD)
// with core.autocrlf=true — what GitHub's Windows runners and Git for Windows' default do — and checks
// that the checkout is LF anyway (.gitattributes), that it passes the format check, and that the
// tests comparing committed bytes with generated ones pass on it. No `npm ci` in the clone: it uses
// this tree's node_modules through a link, and every tool runs as `node <its cli file>`.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PRETTIER = join(ROOT, 'node_modules/prettier/bin/prettier.cjs');
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs');
// The tests that compare file bytes: the generated Kubernetes manifests and the generated icon.
const BYTE_TESTS = [
  ['remote-k8s-manifests.test.ts', 'the committed YAML equals the generator output'],
  ['main-packaging.test.ts', 'icon is generated from build/make-icon.mjs'],
];

const t0 = Date.now();
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', ...opts });
const failures = [];

/** `node args…` in the background: resolves with its exit status and output. */
function runAsync(args, opts) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b) => (output += b));
    child.stderr.on('data', (b) => (output += b));
    child.on('error', (e) => resolve({ status: null, output: e.message }));
    child.on('close', (status) => resolve({ status, output }));
  });
}

function git(args, cwd) {
  const r = run('git', args, { cwd });
  if (r.error || r.status !== 0)
    throw new Error(`git ${args.join(' ')} failed: ${(r.stderr || r.error?.message || '').trim()}`);
  return r.stdout;
}

/** The test file's path in the clone, wherever the suite keeps it (test/unit or test/integration). */
function findTest(clone, name) {
  const hit = git(['ls-files', '--', `test/**/${name}`], clone)
    .split('\n')
    .find(Boolean);
  if (!hit) throw new Error(`${name} is not in the clone: update BYTE_TESTS in test/crlf/run.mjs`);
  return hit;
}

async function main() {
  const commit = git(['rev-parse', '--verify', `${process.argv[2] ?? 'HEAD'}^{commit}`], ROOT).trim();
  const tmp = mkdtempSync(join(tmpdir(), 'hcn-crlf-'));
  const clone = join(tmp, 'clone');
  const modules = join(clone, 'node_modules');
  try {
    git(['clone', '--quiet', '--no-checkout', '-c', 'core.autocrlf=true', ROOT, clone], tmp);
    git(['-c', 'advice.detachedHead=false', 'checkout', '--quiet', commit], clone);

    // 1. No text file is CRLF in the working tree (git's own view: index LF, work tree CRLF).
    const crlf = git(['ls-files', '--eol'], clone)
      .split('\n')
      .filter((l) => /\bw\/(crlf|mixed)\b/.test(l) && !/\bi\/-text\b/.test(l))
      .map((l) => l.split('\t').pop());
    if (crlf.length)
      failures.push(
        `${crlf.length} text file(s) were checked out with CRLF (no .gitattributes eol=lf?), e.g. ` +
          crlf.slice(0, 5).join(', '),
      );

    // A junction on Windows: a directory symlink would need Developer Mode or an elevated process.
    symlinkSync(join(ROOT, 'node_modules'), modules, process.platform === 'win32' ? 'junction' : 'dir');

    // 2. The format check, as `npm test` runs it; in the background while the tests run (one core each).
    const formatted = runAsync([PRETTIER, '--check', '.', '--log-level', 'warn'], { cwd: clone });

    // 3. The byte-comparing tests, run in the clone (their ROOT is the clone's).
    const files = BYTE_TESTS.map(([name]) => findTest(clone, name));
    const pattern = BYTE_TESTS.map(([, title]) => title).join('|');
    const vt = await runAsync([VITEST, 'run', '--root', clone, ...files, '-t', pattern], {
      cwd: clone,
      env: {
        ...process.env,
        ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        HCN_TEST_NO_FAKE_BUILD: '1', // neither test loads the fake HNS library
      },
    });
    const out = stripVTControlCharacters(vt.output);
    // Every named test must have run: a renamed test must not turn the lane into a silent pass.
    const passed = Number(/Tests\s+(\d+) passed/.exec(out)?.[1] ?? 0);
    if (vt.status !== 0 || passed !== BYTE_TESTS.length)
      failures.push(
        `the byte-comparing tests on the CRLF clone: exit ${vt.status}, ${passed}/${BYTE_TESTS.length} passed\n` +
          out.slice(-3000),
      );
    const fmt = await formatted;
    if (fmt.status !== 0)
      failures.push(`prettier --check failed on the CRLF clone:\n${fmt.output.slice(-1500)}`);
  } finally {
    try {
      unlinkSync(modules); // the link only, never the tree it points to
    } catch {
      // never created
    }
    rmSync(tmp, { recursive: true, force: true });
  }
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (failures.length) {
    console.error(`✗ CRLF lane (${commit.slice(0, 9)}, ${secs} s):\n\n${failures.join('\n\n')}`);
    process.exit(1);
  }
  console.log(
    `✓ CRLF lane: ${commit.slice(0, 9)} cloned with core.autocrlf=true is LF, formatted, byte-exact (${secs} s)`,
  );
}

main().catch((e) => {
  console.error(`✗ CRLF lane crashed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
