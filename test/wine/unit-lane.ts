// The unit phase of the Wine lane: bundled by test/wine/run.mjs and run in win32 node.exe under Wine
// (no fake DLL needed). Two kinds of cases:
//   - unit test files run unchanged through the vitest shim, so their code takes its win32 branches
//     (path.win32, no folder fsync, Windows' own file semantics) — the files listed in UNIT_FILES;
//   - renames over a file that is held open: Wine refuses them with EPERM, as Windows does for a
//     holder without FILE_SHARE_DELETE (an antivirus scanner, the indexer, a process with the DLL
//     mapped), so the retry of the atomic write and of the fake DLL build meets a real refusal here.
// Results go to a JSON file (argv[3]); run.mjs asserts on them.
import {
  closeSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
  type PathLike,
} from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from '../../electron/base/fs/atomic-write';
// @ts-expect-error -- plain ESM build script without type declarations
import { renameRetrying } from '../../scripts/rename-retrying.mjs';
import { runCollected, type CaseResult } from './vitest-shim';

const results: CaseResult[] = [];

async function step(name: string, fn: () => Promise<void> | void): Promise<void> {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, status: 'passed', ms: Date.now() - t0 });
  } catch (e) {
    results.push({
      name,
      status: 'failed',
      ms: Date.now() - t0,
      error: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e),
    });
  }
}

function same(actual: unknown, expected: unknown, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/**
 * `target` held open; `rename` fails for real while it is, and the holder lets go after the first
 * refusal (so the retry, not luck, makes the write land). Returns the codes of the refused attempts.
 */
function holder(target: string) {
  let fd: number | undefined = openSync(target, 'r');
  const refusals: string[] = [];
  const release = (e: unknown) => {
    refusals.push(String((e as NodeJS.ErrnoException).code));
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };
  return {
    refusals,
    renameSync(from: PathLike, to: PathLike) {
      try {
        renameSync(from, to);
      } catch (e) {
        release(e);
        throw e;
      }
    },
    async rename(from: PathLike, to: PathLike) {
      try {
        await fsp.rename(from, to);
      } catch (e) {
        release(e);
        throw e;
      }
    },
  };
}

async function heldOpen(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hcn-held-'));
  try {
    const target = join(dir, 'settings.json');
    await step(
      'atomic write (sync): the rename over the open target is refused (EPERM), retried, and lands',
      () => {
        writeFileSync(target, 'old');
        const h = holder(target);
        writeFileAtomicSync(target, 'new sync', {
          openSync,
          writeSync: (fd, data) => writeSync(fd, data as string),
          fsyncSync,
          closeSync,
          renameSync: h.renameSync,
          rmSync,
        });
        same(h.refusals, ['EPERM'], 'refusals');
        same(readFileSync(target, 'utf8'), 'new sync', 'content');
      },
    );
    await step(
      'atomic write (async): the rename over the open target is refused (EPERM), retried, and lands',
      async () => {
        const h = holder(target);
        await writeFileAtomic(target, 'new async', { open: fsp.open, rm: fsp.rm, rename: h.rename });
        same(h.refusals, ['EPERM'], 'refusals');
        same(readFileSync(target, 'utf8'), 'new async', 'content');
      },
    );
    await step(
      'fake DLL build: the rename over a DLL another process holds is refused (EPERM), retried, and lands',
      () => {
        const dll = join(dir, 'computenetwork.dll');
        const fresh = join(dir, `computenetwork.dll.${process.pid}.tmp`);
        writeFileSync(dll, 'old build');
        writeFileSync(fresh, 'new build');
        const h = holder(dll);
        renameRetrying(fresh, dll, h.renameSync);
        same(h.refusals, ['EPERM'], 'refusals');
        same(readFileSync(dll, 'utf8'), 'new build', 'content');
      },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Cases that cannot run from a bundle, and why (they run under vitest on every platform). */
const NOT_FROM_A_BUNDLE: Record<string, string> = {};

async function unitFiles(): Promise<void> {
  // One import per file (esbuild bundles each); the shim runs what the import collected.
  const files: [string, () => Promise<unknown>][] = [
    ['fs-atomic-write', () => import('../unit/fs-atomic-write.test')],
    ['journal-journal', () => import('../unit/journal-journal.test')],
    ['native-system-paths', () => import('../unit/native-system-paths.test')],
    ['journal-admin-only', () => import('../unit/journal-admin-only.test')],
    ['remote-known-hosts', () => import('../unit/remote-known-hosts.test')],
    ['snapshot-parse', () => import('../unit/snapshot-parse.test')],
    // The fake HNS library as the Windows runner's tests load it: computenetwork.dll and the
    // vmcompute.dll forwarder from the build folder (not System32), CoTaskMemFree from System32's ole32.
    ['native-not-found', () => import('../unit/native-not-found.test')],
    ['services-fake', () => import('../unit/services-fake.test')],
  ];
  for (const [name, load] of files) {
    try {
      await load();
      for (const r of await runCollected()) {
        const full = `${name} > ${r.name}`;
        const why = NOT_FROM_A_BUNDLE[full];
        results.push(
          why
            ? { name: `${full} (not from a bundle: ${why})`, status: 'skipped', ms: 0 }
            : { ...r, name: full },
        );
      }
    } catch (e) {
      results.push({ name: `${name} (load)`, status: 'failed', ms: 0, error: String(e) });
    }
  }
}

async function main(): Promise<void> {
  const out = process.argv[3] as string;
  await heldOpen();
  await unitFiles();
  writeFileSync(out, JSON.stringify({ phase: 'unit', results, facts: {} }, null, 2));
}

void main();
