import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChangeResult, EndpointDetail, JournalEntry } from '../../electron/core/views';
import { cli, tempDir } from '../support/cli';
import { ok } from '../support/result';
import { tempCore, WEB0, API } from '../support/temp-core';

// A snapshot (or a --state file without --persist) is a what-if: its changes never reach the machine's
// journal, and nothing done to it changes what the live node's ownership, diagnostics or clear see.

const journalLines = (path: string) =>
  existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];

const ISTIO = { inboundProxyPort: 15006, outboundProxyPort: 15001, userSid: 'S-1-5-18' };

async function openLiveAsSnapshot(core: Awaited<ReturnType<typeof tempCore>>['core']) {
  const exported = ok<{ content: string; fileName: string }>(await core.route('snapshot.export', {}));
  return ok(
    await core.route('snapshot.open', {
      fileName: exported.fileName,
      contentBase64: Buffer.from(exported.content).toString('base64'),
      editable: true,
    }),
  );
}

describe('a snapshot session', () => {
  it('never writes the machine journal: a what-if add is journalled in memory, gone on close', async () => {
    const { core, journalPath } = await tempCore();
    await openLiveAsSnapshot(core);
    const r = ok<ChangeResult>(await core.route('policies.add', { endpointId: API, policy: ISTIO }));
    expect(r.saved).toBe(false);
    expect(r.journalId).toBeDefined();
    // Undo works inside the what-if: the entry is listed there.
    const inSnapshot = ok<{ entries: JournalEntry[] }>(await core.route('journal.list', {}));
    expect(inSnapshot.entries.map((e) => e.id)).toEqual([r.journalId]);
    expect(journalLines(journalPath)).toEqual([]);
    ok(await core.route('snapshot.close', {}));
    const live = ok<{ entries: JournalEntry[] }>(await core.route('journal.list', {}));
    expect(live.entries).toEqual([]);
    await core.close();
  });

  it('cannot change who owns a live policy: a copy added to the snapshot leaves the live Istio policy foreign', async () => {
    const { core } = await tempCore();
    const before = ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: WEB0 }));
    const owners = before.proxyPolicies.map((p) => p.owner);
    expect(owners).toEqual([expect.stringMatching(/^Istio sidecar/)]);
    await openLiveAsSnapshot(core);
    // The very settings of the live Istio policy, added to the snapshot only.
    const copy = before.proxyPolicies[0]?.policy;
    expect(copy).toBeDefined();
    ok(await core.route('policies.add', { endpointId: API, policy: copy }));
    ok(await core.route('snapshot.close', {}));
    const after = ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: WEB0 }));
    expect(after.proxyPolicies.map((p) => p.owner)).toEqual(owners);
    // And so a live clear without includeForeign keeps it.
    const cleared = ok<ChangeResult>(await core.route('policies.clear', { endpointId: WEB0 }));
    expect(cleared.count).toBe(0);
    expect(cleared.saved).toBe(true);
    await core.close();
  });

  it('opening, closing and confirmations replace the session whole; a call keeps the session it began with', async () => {
    const { core } = await tempCore();
    const live = core.sessions.current;
    const view = core.ctx;
    expect(Object.isFrozen(view)).toBe(true);
    await openLiveAsSnapshot(core);
    expect(core.sessions.current).not.toBe(live);
    expect(core.sessions.current.journal).not.toBe(live.journal);
    expect(core.sessions.live).toBe(live);
    // The view taken before the snapshot opened still names the live backend.
    expect(view.hns).toBe(live.hns);
    ok(await core.route('snapshot.close', {}));
    expect(core.sessions.current).toBe(live);
    ok(await core.route('hns.allowUnverifiedVersion', {}));
    expect(core.sessions.current).not.toBe(live);
    expect(core.sessions.current.writeGate.unverifiedVersion).toEqual({ by: 'confirmation in the app' });
    expect(live.writeGate.unverifiedVersion).toBeUndefined();
    await core.close();
  });
});

describe('CLI --state without --persist is a what-if', () => {
  /** The demo node, exported: a state file the CLI can seed from and save to. */
  async function demoState() {
    const dir = tempDir();
    const state = join(dir, 'node.json');
    const { core } = await tempCore();
    writeFileSync(state, ok<{ content: string }>(await core.route('snapshot.export', {})).content);
    await core.close();
    return { dir, state };
  }

  it('says "not saved", --json carries saved: false, and no journal entry is written', async () => {
    const { dir, state } = await demoState();
    const original = readFileSync(state, 'utf8');
    const human = await cli(
      ['clear', WEB0, '--include-foreign', '--backend', 'simulated', '--state', state],
      dir,
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Removed 1 policy \(not saved: .*add --persist to save it\)/);
    const json = await cli(
      ['add', API, '--port', '4140', '--backend', 'simulated', '--state', state, '--json'],
      dir,
    );
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ saved: false });
    expect(journalLines(join(dir, 'journal.jsonl'))).toEqual([]);
    expect(readFileSync(state, 'utf8')).toBe(original);
  });

  it('with --persist: the entry names the state file, and restore acts only on that file', async () => {
    const { dir, state } = await demoState();
    const r = await cli(
      ['clear', WEB0, '--include-foreign', '--backend', 'simulated', '--state', state, '--persist', '--json'],
      dir,
    );
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout) as ChangeResult;
    expect(result.saved).toBe(true);
    const lines = journalLines(join(dir, 'journal.jsonl')).map((l) => JSON.parse(l) as JournalEntry);
    expect(lines.map((l) => [l.operation, l.stateFile])).toEqual([['clear', state]]);
    // Not on the live node (no --state): refused, naming the file to restore it with.
    const live = await cli(['restore', result.journalId as string, '--backend', 'simulated'], dir);
    expect(live.code).not.toBe(0);
    expect(live.stderr).toContain(`changed the state file ${state}`);
    // Nor in the live node's journal listing.
    const listed = await cli(['journal', '--backend', 'simulated', '--json'], dir);
    expect(JSON.parse(listed.stdout)).toEqual([]);
    // On that file: restored and saved.
    const back = await cli(
      ['restore', result.journalId as string, '--backend', 'simulated', '--state', state, '--persist'],
      dir,
    );
    expect(back.code).toBe(0);
    expect(back.stdout).toMatch(/^Restored 1 policy/);
  });
});
