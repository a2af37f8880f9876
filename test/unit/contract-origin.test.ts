// What the window may not send is part of the contract (windowInput), applied by the router for the
// origin its host declares: Electron main 'window', the browser harness 'harness' (the same rules),
// the CLI 'cli'. The same payload is accepted from the CLI and refused from the window, by field.
// The harness applying them over HTTP: test/integration/harness-security.test.ts.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Origin } from '../../electron/ipc/contract';
import type { Input, RendererApi } from '../../electron/ipc/contract';
import { createAppCore } from '../../electron/ipc/app-core';

const REFUSED =
  'journalPath: The journal location cannot be changed from the window; set HCNPROXY_JOURNAL or edit settings.json.';

async function setup(origin?: Origin) {
  const dir = await mkdtemp(join(tmpdir(), 'hcnproxy-origin-'));
  const core = await createAppCore({
    backend: 'simulated',
    validateOutput: true,
    journalPath: join(dir, 'journal.jsonl'),
    settingsPath: join(dir, 'settings.json'),
    ...(origin ? { origin } : {}),
  });
  return { core, dir, next: join(dir, 'moved.jsonl') };
}

describe('the origin decides which input rules apply', () => {
  it('settings.set journalPath: accepted from the CLI, the journal moves', async () => {
    const { core, next } = await setup('cli');
    expect(await core.route('settings.set', { journalPath: next })).toMatchObject({
      ok: true,
      value: { journalPath: next },
    });
    expect(core.ctx.journal.path).toBe(next);
    await core.close();
  });

  for (const origin of ['window', 'harness', undefined] as const) {
    it(`settings.set journalPath: refused from ${origin ?? 'an undeclared origin (the strictest rules)'}, naming the field`, async () => {
      const { core, next } = await setup(origin);
      const before = core.ctx.journal.path;
      const r = await core.route('settings.set', { journalPath: next, autoRefreshSeconds: 5 });
      expect(r).toEqual({
        ok: false,
        error: {
          code: 'validation',
          field: 'journalPath',
          message: REFUSED,
          issues: [
            { field: 'journalPath', code: 'origin.window', message: REFUSED.slice('journalPath: '.length) },
          ],
        },
      });
      // Nothing of the refused call took effect.
      expect(core.ctx.journal.path).toBe(before);
      expect((await core.route('settings.get', {})) as unknown).toMatchObject({
        value: { journalPath: before, autoRefreshSeconds: 0 },
      });
      // The rest of settings.set stays open to the window.
      expect(await core.route('settings.set', { autoRefreshSeconds: 5 })).toMatchObject({
        ok: true,
        value: { autoRefreshSeconds: 5, journalPath: before },
      });
      await core.close();
    });
  }

  it('types: the renderer cannot even write journalPath; the CLI can', () => {
    type WindowSet = Parameters<RendererApi['settings']['set']>[0];
    // @ts-expect-error: a journal path is not part of what the window may send.
    const fromWindow: WindowSet = { journalPath: 'C:\\x.jsonl' };
    const fromCli: Input<'settings.set'> = { journalPath: 'C:\\x.jsonl' };
    const fine: WindowSet = { autoRefreshSeconds: 5 };
    void [fromWindow, fromCli, fine];
    expectTypeOf<Input<'settings.set'>['journalPath']>().toEqualTypeOf<string | undefined>();
  });
});
