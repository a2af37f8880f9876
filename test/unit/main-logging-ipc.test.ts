// Why main logs through 'electron-log/node': the '/main' flavour opens an IPC channel of its own on
// import (__ELECTRON_LOG__), which our sender check would not guard.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';

const ipc = vi.hoisted(() => ({ on: [] as string[], handle: [] as string[] }));
vi.mock('electron', () => ({
  ipcMain: { on: (ch: string) => ipc.on.push(ch), handle: (ch: string) => ipc.handle.push(ch) },
}));
const require = createRequire(import.meta.url);

describe('electron-log flavours', () => {
  it('electron-log/node registers no IPC channel and never loads electron', async () => {
    const log = (await import('electron-log/node')).default;
    expect(typeof log.transports.file.resolvePathFn).toBe('function');
    expect([...ipc.on, ...ipc.handle]).toEqual([]);
    expect(
      Object.keys(require.cache).some((k) => /[/\\]node_modules[/\\]electron[/\\]index\.js$/.test(k)),
    ).toBe(false);
  });

  it('electron-log/main would register __ELECTRON_LOG__ (so main does not import it)', () => {
    const src = readFileSync(require.resolve('electron-log/src/main/index.js'), 'utf8');
    expect(src).toMatch(/onIpc\('__ELECTRON_LOG__'/);
    expect(readFileSync(require.resolve('../../electron/main/index.ts'), 'utf8')).not.toMatch(
      /from 'electron-log\/main'/,
    );
  });
});
