// Issue 13 item 4: restore trusted the journal. Now every entry carries an HMAC-SHA256 under a
// per-machine key kept admin-only beside the journal; restore re-adds only verified entries, only
// L4WFPPROXY policies, only ones the entry records its endpoint held before this app removed them.
import { appendFileSync, chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { JOURNAL_KEY_FILE, macOf } from '../../electron/core/journal/integrity';
import { Journal } from '../../electron/core/journal/journal';
import type { ChangeResult, EndpointDetail } from '../../electron/core/views';
import { API, tempCore, WEB0 } from '../support/temp-core';
import { ok } from '../support/result';

const PROXY = { proxyPort: '8000', userSid: 'system' };
const line = (o: Record<string, unknown>) => JSON.stringify(o) + '\n';

/** A core whose API endpoint had a proxy policy added then removed by the app: a genuine remove entry. */
async function withRemove() {
  const t = await tempCore();
  ok(await t.core.route('policies.add', { endpointId: API, policy: PROXY }));
  const removed = ok<ChangeResult>(await t.core.route('policies.remove', { endpointId: API, index: 0 }));
  const lines = () =>
    readFileSync(t.journalPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const key = Buffer.from(readFileSync(join(t.dir, JOURNAL_KEY_FILE), 'utf8').trim(), 'hex');
  const genuine = (all: Record<string, unknown>[]) =>
    all.find((l) => l.id === removed.journalId) as Record<string, unknown>;
  /** Rewrites the journal with the genuine remove entry edited in place (its MAC as `edit` leaves it). */
  const editRemove = (edit: (entry: Record<string, unknown>) => void) => {
    const all = lines();
    edit(genuine(all));
    writeFileSync(t.journalPath, all.map(line).join(''));
  };
  return { ...t, removed, lines, key, genuine, editRemove };
}

/** A remove entry on WEB0 written into the journal by hand, not by this app. */
const plantedRemove = (id: string, policies: object[], before: object[] = []) => ({
  id,
  time: new Date().toISOString(),
  user: 'planted',
  machine: 'm',
  endpointId: WEB0,
  operation: 'remove',
  before,
  after: [],
  policies,
  outcome: 'ok',
});

const signedLine = (key: Buffer, entry: Record<string, unknown>) =>
  line({ ...entry, mac: macOf(key, entry) });

/** Asks to restore `journalId`, checking nothing was sent to HNS; resolves with the (refusing) answer. */
async function restoreSendingNothing(core: Awaited<ReturnType<typeof tempCore>>['core'], journalId: string) {
  const spy = vi.spyOn(core.ctx.hns, 'modifyEndpoint');
  const r = await core.route('policies.restore', { journalId });
  expect(spy).not.toHaveBeenCalled();
  return r;
}

const policiesOn = async (core: Awaited<ReturnType<typeof tempCore>>['core'], id: string) =>
  ok<EndpointDetail>(await core.route('endpoints.get', { endpointId: id }));

describe('journal entries are signed', () => {
  it('each line carries a MAC of the rest under the key beside the journal; the key is created once, 0600', async () => {
    const { lines, key, dir } = await withRemove();
    for (const l of lines()) {
      const { mac, ...rest } = l;
      expect(mac).toBe(macOf(key, rest));
    }
    if (process.platform !== 'win32') {
      expect(statSync(join(dir, JOURNAL_KEY_FILE)).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'journal.jsonl')).mode & 0o777).toBe(0o600);
    }
  });

  it('a genuine remove restores', async () => {
    const { core, removed } = await withRemove();
    const r = ok<ChangeResult>(await core.route('policies.restore', { journalId: removed.journalId }));
    expect(r).toMatchObject({ operation: 'restore', count: 1, readBack: 'confirmed' });
  });
});

describe('restore refuses what the journal cannot prove this app removed', () => {
  it('a forged remove holding ACL and PortMapping policies (no MAC): refused, nothing sent to HNS', async () => {
    const { core, journalPath } = await withRemove();
    const forged = plantedRemove('j-forged-1', [
      { Type: 'ACL', Settings: { Action: 'Allow', Direction: 'In', Priority: 100 } },
      { Type: 'PortMapping', Settings: { InternalPort: 3389, ExternalPort: 3389 } },
    ]);
    appendFileSync(journalPath, line(forged));
    expect(await restoreSendingNothing(core, 'j-forged-1')).toMatchObject({
      ok: false,
      error: {
        code: 'journal-integrity',
        field: 'journalId',
        message:
          'Journal entry j-forged-1 failed its integrity check: it carries no MAC (this app did not write it, or wrote it before entries were signed); refusing to restore it.',
      },
    });
  });

  it('even signed with the machine key, ACL/PortMapping policies are never re-added', async () => {
    const { core, journalPath, key } = await withRemove();
    // Held before the remove, so only the type rule can refuse it.
    const held = [
      { Type: 'ACL', Settings: {} },
      { Type: 'PortMapping', Settings: {} },
    ];
    appendFileSync(journalPath, signedLine(key, plantedRemove('j-signed-acl', held, held)));
    expect(await restoreSendingNothing(core, 'j-signed-acl')).toMatchObject({
      ok: false,
      error: {
        code: 'not-restorable',
        message:
          'Journal entry j-signed-acl holds policies of type ACL, PortMapping; restore re-adds L4WFPPROXY policies only, so nothing was re-added.',
      },
    });
  });

  it('a tampered MAC is refused, naming the entry', async () => {
    const { core, editRemove, removed } = await withRemove();
    editRemove((entry) => {
      const mac = entry.mac as string;
      entry.mac = (mac[0] === '0' ? '1' : '0') + mac.slice(1);
    });
    const r = await core.route('policies.restore', { journalId: removed.journalId });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'journal-integrity',
        message: `Journal entry ${removed.journalId} failed its integrity check: its MAC does not match (the entry was edited, or signed with another key); refusing to restore it.`,
      },
    });
  });

  it('an entry moved to another endpoint (endpointId edited, MAC kept) is refused; that endpoint is untouched', async () => {
    const { core, editRemove, removed } = await withRemove();
    editRemove((entry) => (entry.endpointId = WEB0));
    const before = (await policiesOn(core, WEB0)).proxyPolicies.length;
    const r = await core.route('policies.restore', { journalId: removed.journalId });
    expect(r).toMatchObject({ ok: false, error: { code: 'journal-integrity' } });
    expect((r as { error: { message: string } }).error.message).toContain(removed.journalId as string);
    expect((await policiesOn(core, WEB0)).proxyPolicies).toHaveLength(before);
  });

  it('a signed entry naming policies its endpoint did not hold before is refused', async () => {
    const { core, journalPath, key } = await withRemove();
    const entry = plantedRemove('j-signed-elsewhere', [
      { Type: 'L4WFPPROXY', Settings: { InboundProxyPort: '8000' } },
    ]);
    appendFileSync(journalPath, signedLine(key, entry));
    const r = await core.route('policies.restore', { journalId: 'j-signed-elsewhere' });
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'not-restorable',
        message: `Journal entry j-signed-elsewhere names 1 policy that its endpoint ${WEB0} did not hold before the remove; restore re-adds only what this app removed from that endpoint, so nothing was re-added.`,
      },
    });
  });

  it('an id that occurs twice (a planted copy) is refused as ambiguous', async () => {
    const { core, journalPath, lines, genuine, removed } = await withRemove();
    appendFileSync(journalPath, line(genuine(lines())));
    const r = await core.route('policies.restore', { journalId: removed.journalId });
    expect((r as { error: { message: string } }).error.message).toMatch(/the id occurs 2 times/);
  });

  it('a key readable by other users verifies nothing (POSIX)', async () => {
    if (process.platform === 'win32') return;
    const { core, dir, removed } = await withRemove();
    chmodSync(join(dir, JOURNAL_KEY_FILE), 0o644);
    const fresh = new Journal(core.ctx.journal.path);
    await expect(fresh.verified(removed.journalId as string)).rejects.toThrow(
      /is accessible to other users \(mode 644\); it must be 600/,
    );
  });

  it('planted unsigned lines neither mark an entry restored nor make a policy look like ours', async () => {
    const { core, journalPath, removed } = await withRemove();
    const base = { time: new Date().toISOString(), user: 'a', machine: 'm', before: [], after: [] };
    appendFileSync(
      journalPath,
      line({
        ...base,
        id: 'j-planted-restore',
        endpointId: API,
        operation: 'restore',
        restores: removed.journalId,
        policies: [],
        outcome: 'ok',
      }) +
        line({
          ...base,
          id: 'j-planted-add',
          endpointId: WEB0,
          operation: 'add',
          policies: [{ Type: 'L4WFPPROXY', Settings: { OutboundProxyPort: '15001' } }],
          outcome: 'ok',
        }),
    );
    const fresh = new Journal(journalPath);
    expect((await fresh.get(removed.journalId as string))?.restoredBy).toBeUndefined();
    expect(await fresh.addedPolicies()).toEqual([
      { Type: 'L4WFPPROXY', Settings: expect.objectContaining({ InboundProxyPort: '8000' }) },
    ]);
    // And the genuine entry still restores.
    expect((await core.route('policies.restore', { journalId: removed.journalId })).ok).toBe(true);
  });
});
