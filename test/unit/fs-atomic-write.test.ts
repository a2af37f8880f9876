import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  RENAME_RETRY_DELAYS_MS,
  tempPathFor,
  writeFileAtomic,
  writeFileAtomicSync,
  type AtomicWriteFs,
  type AtomicWriteFsAsync,
} from '../../electron/base/fs/atomic-write';

const dir = () => mkdtempSync(join(tmpdir(), 'hcn-atomic-'));
const boom = (step: string) => Object.assign(new Error(`injected ${step} failure`), { code: 'EIO' });

const realSync: AtomicWriteFs = {
  openSync: fs.openSync,
  writeSync: (fd, data) => fs.writeSync(fd, data as string),
  fsyncSync: fs.fsyncSync,
  closeSync: fs.closeSync,
  renameSync: fs.renameSync,
  rmSync: fs.rmSync,
};

/** The async io, with one step (of the file handle or the module) made to fail. */
function failingAsync(step: 'open' | 'writeFile' | 'sync' | 'close' | 'rename'): AtomicWriteFsAsync {
  return {
    open: (async (path: fs.PathLike, flags?: string | number) => {
      if (step === 'open') throw boom(step);
      const fh = await fsp.open(path, flags);
      if (step === 'rename') return fh;
      return new Proxy(fh, {
        get(target, key) {
          if (key === step) {
            // Close stays real so the temp file can be removed; only its reported outcome fails.
            if (step === 'close') return async () => (await target.close(), Promise.reject(boom(step)));
            return async () => Promise.reject(boom(step));
          }
          const v = Reflect.get(target, key);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    }) as unknown as typeof fsp.open,
    rename: step === 'rename' ? async () => Promise.reject(boom(step)) : fsp.rename,
    rm: fsp.rm,
  };
}

describe('writeFileAtomicSync / writeFileAtomic', () => {
  it('replaces the file and leaves nothing beside it', async () => {
    const d = dir();
    const f = join(d, 'state.json');
    writeFileSync(f, 'old');
    writeFileAtomicSync(f, 'new sync');
    expect(readFileSync(f, 'utf8')).toBe('new sync');
    await writeFileAtomic(f, 'new async');
    expect(readFileSync(f, 'utf8')).toBe('new async');
    expect(readdirSync(d)).toEqual(['state.json']);
  });

  it('the temp file is hidden, in the same folder, and differs per call', () => {
    const f = join(dir(), 'settings.json');
    const a = tempPathFor(f);
    expect(a.startsWith(join(f, '..', `.settings.json.${process.pid}.`))).toBe(true);
    expect(a.endsWith('.tmp')).toBe(true);
    expect(tempPathFor(f)).not.toBe(a);
  });

  for (const step of ['openSync', 'writeSync', 'fsyncSync', 'closeSync', 'renameSync'] as const) {
    it(`sync: a failing ${step} throws it, keeps the old file and removes the temp file`, () => {
      const d = dir();
      const f = join(d, 'state.json');
      writeFileSync(f, 'old');
      const io: AtomicWriteFs = {
        ...realSync,
        [step]: (...args: unknown[]) => {
          // close really closes (no fd leak) and then reports the failure.
          if (step === 'closeSync') fs.closeSync(args[0] as number);
          throw boom(step);
        },
      };
      expect(() => writeFileAtomicSync(f, 'new', io)).toThrow(`injected ${step} failure`);
      expect(readFileSync(f, 'utf8')).toBe('old');
      expect(readdirSync(d)).toEqual(['state.json']);
    });
  }

  for (const step of ['open', 'writeFile', 'sync', 'close', 'rename'] as const) {
    it(`async: a failing ${step} rejects with it, keeps the old file and removes the temp file`, async () => {
      const d = dir();
      const f = join(d, 'settings.json');
      writeFileSync(f, 'old');
      await expect(writeFileAtomic(f, 'new', failingAsync(step))).rejects.toThrow(`injected ${step} failure`);
      expect(readFileSync(f, 'utf8')).toBe('old');
      expect(readdirSync(d)).toEqual(['settings.json']);
    });
  }

  it('a real failure (the target is a folder) leaves no temp file either way', async () => {
    const d = dir();
    const target = join(d, 'taken');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'x');
    expect(() => writeFileAtomicSync(target, 'new')).toThrow();
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(readdirSync(d)).toEqual(['taken']);
  });

  it('a missing folder fails with ENOENT and creates nothing', async () => {
    const f = join(dir(), 'no', 'such', 'file.json');
    expect(() => writeFileAtomicSync(f, 'x')).toThrow(/ENOENT/);
    await expect(writeFileAtomic(f, 'x')).rejects.toThrow(/ENOENT/);
  });
});

// Windows refuses a rename over a file held open without FILE_SHARE_DELETE (antivirus, indexer) with
// EPERM/EACCES/EBUSY. Linux never refuses it, so the refusal is injected here through the module's
// rename; the Wine lane (test/wine/lane.ts) holds the target open for real, where the rename fails.
describe('a rename refused for a moment (target held open on Windows)', () => {
  const refused = (code: string) =>
    Object.assign(new Error(`${code}: operation not permitted, rename`), { code, syscall: 'rename' });

  for (const code of ['EPERM', 'EACCES', 'EBUSY']) {
    it(`sync and async: ${code} on the first rename is retried, and the new content lands`, async () => {
      const d = dir();
      const f = join(d, 'settings.json');
      writeFileSync(f, 'old');
      let syncCalls = 0;
      writeFileAtomicSync(f, 'new sync', {
        ...realSync,
        renameSync: (from, to) => {
          if (++syncCalls === 1) throw refused(code); // the holder lets go after the first refusal
          fs.renameSync(from, to);
        },
      });
      expect(syncCalls).toBe(2);
      expect(readFileSync(f, 'utf8')).toBe('new sync');
      let asyncCalls = 0;
      await writeFileAtomic(f, 'new async', {
        open: fsp.open,
        rm: fsp.rm,
        rename: async (from, to) => {
          if (++asyncCalls === 1) throw refused(code);
          return fsp.rename(from, to);
        },
      });
      expect(asyncCalls).toBe(2);
      expect(readFileSync(f, 'utf8')).toBe('new async');
      expect(readdirSync(d)).toEqual(['settings.json']);
    });
  }

  it('a refusal that lasts gives up after every retry with the error, old file kept, temp file removed', async () => {
    const d = dir();
    const f = join(d, 'settings.json');
    writeFileSync(f, 'old');
    let syncCalls = 0;
    const io: AtomicWriteFs = {
      ...realSync,
      renameSync: () => {
        syncCalls++;
        throw refused('EPERM');
      },
    };
    expect(() => writeFileAtomicSync(f, 'new', io)).toThrow(/EPERM/);
    expect(syncCalls).toBe(RENAME_RETRY_DELAYS_MS.length + 1);
    let asyncCalls = 0;
    const rename = async () => {
      asyncCalls++;
      throw refused('EBUSY');
    };
    await expect(writeFileAtomic(f, 'new', { open: fsp.open, rm: fsp.rm, rename })).rejects.toThrow(/EBUSY/);
    expect(asyncCalls).toBe(RENAME_RETRY_DELAYS_MS.length + 1);
    expect(readFileSync(f, 'utf8')).toBe('old');
    expect(readdirSync(d)).toEqual(['settings.json']);
    // Brief: 1.27 s at most in all, not graceful-fs's minute on Windows.
    expect(RENAME_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1300);
  });

  it('other errors are not retried', () => {
    const d = dir();
    const f = join(d, 'settings.json');
    let calls = 0;
    const io: AtomicWriteFs = {
      ...realSync,
      renameSync: () => {
        calls++;
        throw boom('rename');
      },
    };
    expect(() => writeFileAtomicSync(f, 'new', io)).toThrow('injected rename failure');
    expect(calls).toBe(1);
  });
});
