import { describe, expect, it, vi } from 'vitest';
import { CHANNELS, IPC_PREFIX, splitChannel } from '../../electron/ipc/contract';

const m = vi.hoisted(() => ({
  exposed: [] as Array<[string, unknown]>,
  invoke: vi.fn(async (..._args: unknown[]) => ({ ok: true, value: 1 })),
}));
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => m.exposed.push([key, api]) },
  ipcRenderer: { invoke: m.invoke, on: vi.fn(), send: vi.fn(), sendSync: vi.fn() },
}));

await import('../../electron/preload/index');

describe('preload', () => {
  it('exposes one object, window.hcnproxy, and nothing else', () => {
    expect(m.exposed.map(([k]) => k)).toEqual(['hcnproxy']);
  });

  it('has exactly one function per contract channel and no way to reach ipcRenderer', () => {
    const api = m.exposed[0]?.[1] as Record<string, Record<string, unknown>>;
    const leaves: string[] = [];
    for (const [group, methods] of Object.entries(api)) {
      for (const [name, fn] of Object.entries(methods)) {
        expect(typeof fn, `${group}.${name}`).toBe('function');
        leaves.push(`${group}.${name}`);
      }
    }
    expect(leaves.sort()).toEqual([...CHANNELS].sort());
    const text = JSON.stringify(api, (_k, v: unknown) => (typeof v === 'function' ? String(v) : v));
    expect(text).not.toMatch(/ipcRenderer|\bsend\b|sendSync/);
  });

  it('each function invokes its own prefixed channel with the input', async () => {
    const api = m.exposed[0]?.[1] as Record<string, Record<string, (i?: unknown) => Promise<unknown>>>;
    for (const c of CHANNELS) {
      const [g, meth] = splitChannel(c);
      m.invoke.mockClear();
      await api[g]![meth]!({ probe: c });
      expect(m.invoke).toHaveBeenCalledWith(IPC_PREFIX + c, { probe: c });
    }
    m.invoke.mockClear();
    await api.endpoints!.list!();
    expect(m.invoke).toHaveBeenCalledWith(IPC_PREFIX + 'endpoints.list', {});
  });
});
