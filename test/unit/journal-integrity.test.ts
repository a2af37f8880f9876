// Issue 13 item 4: restore trusted the journal. Now every entry carries an HMAC-SHA256 under a
// per-machine key kept admin-only beside the journal; restore re-adds only verified entries, only
// L4WFPPROXY policies, only ones the entry records its endpoint held before this app removed them.
import { appendFileSync, chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  headPathFor,
  JOURNAL_KEY_FILE,
  placedMacOf,
  signedLine as sign,
} from '../../electron/core/journal/integrity';
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
  machine: hostname(),
  endpointId: WEB0,
  operation: 'remove',
  before,
  after: [],
  policies,
  outcome: 'ok',
});

/** The journal's head as the app wrote it: its id and last sequence number. */
const headOf = (journalPath: string) =>
  JSON.parse(readFileSync(headPathFor(journalPath), 'utf8')) as { journal: string; seq: number };

/** `entry` signed with the machine key at the next place of the journal: what only this app could write. */
const signedLine = (key: Buffer, entry: Record<string, unknown>, journalPath: string) => {
  const head = headOf(journalPath);
  return line(sign(key, { journal: head.journal, seq: head.seq + 1 }, entry));
};

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
  it('each line carries a MAC of the rest, its journal and sequence under the key beside the journal; the key is created once, 0600', async () => {
    const { lines, key, dir, journalPath } = await withRemove();
    const head = headOf(journalPath);
    expect(head).toMatchObject({ journal: expect.stringMatching(/^[0-9a-f]{24}$/), seq: 2 });
    lines().forEach((l, i) => {
      const { mac, seq, journal, ...rest } = l;
      expect({ seq, journal }).toEqual({ seq: i + 1, journal: head.journal });
      expect(mac).toBe(placedMacOf(key, { journal: head.journal, seq: i + 1 }, rest));
    });
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
    appendFileSync(journalPath, signedLine(key, plantedRemove('j-signed-acl', held, held), journalPath));
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
        message: `Journal entry ${removed.journalId} failed its integrity check: its MAC does not match (the entry was edited, moved, or signed with another key); refusing to restore it.`,
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
    appendFileSync(journalPath, signedLine(key, entry, journalPath));
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

describe('the MAC binds an entry to its journal, its place and its machine', () => {
  /** add, remove, restore: the remove is restored once; returns the three ids in order. */
  async function restoredOnce() {
    const t = await withRemove();
    const restore = ok<ChangeResult>(
      await t.core.route('policies.restore', { journalId: t.removed.journalId }),
    );
    const fresh = () => new Journal(t.journalPath);
    return { ...t, restore, fresh };
  }
  const withoutLine = (journalPath: string, id: string) =>
    writeFileSync(
      journalPath,
      readFileSync(journalPath, 'utf8')
        .split('\n')
        .filter((l) => l && !l.includes(`"id":"${id}"`))
        .map((l) => l + '\n')
        .join(''),
    );

  it('deleting the last line (the restore record) does not make the entry restorable again', async () => {
    const { journalPath, restore, removed, fresh } = await restoredOnce();
    withoutLine(journalPath, restore.journalId as string);
    await expect(fresh().verified(removed.journalId as string)).rejects.toThrow(
      `Journal entry ${removed.journalId} failed its integrity check: ${journalPath} its last signed entry is missing (the journal is shorter than its head file says), so an earlier restore of it may have been erased; no entry of this journal is restored. Move the journal and journal.jsonl.head aside to start a new one, and re-add policies by hand; refusing to restore it.`,
    );
  });

  it('deleting a restore record in the middle leaves a gap: refused, nothing sent to HNS', async () => {
    const { core, journalPath, restore, removed } = await restoredOnce();
    ok(await core.route('policies.add', { endpointId: WEB0, policy: PROXY }));
    withoutLine(journalPath, restore.journalId as string);
    const r = await restoreSendingNothing(core, removed.journalId as string);
    expect(r).toMatchObject({
      ok: false,
      error: {
        code: 'journal-integrity',
        message: expect.stringContaining(
          'signed entry #3 is missing from the journal (a line was deleted or edited)',
        ),
      },
    });
  });

  it('a genuine line copied into another journal in the same folder (same key) does not restore there', async () => {
    const { core, dir, lines, genuine } = await withRemove();
    const other = join(dir, 'other.jsonl');
    // The other journal has entries (and a head) of its own, and none at all.
    await new Journal(other).append({
      operation: 'add',
      endpointId: WEB0,
      policies: [],
      before: [],
      after: [],
      outcome: 'ok',
    });
    const copied = genuine(lines());
    appendFileSync(other, line(copied));
    await expect(new Journal(other).verified(copied.id as string)).rejects.toThrow(
      new RegExp(
        `failed its integrity check: it belongs to journal ${copied.journal}, not to this one: it was copied here from another journal`,
      ),
    );
    const empty = join(dir, 'empty.jsonl');
    writeFileSync(empty, line(copied));
    await expect(new Journal(empty).verified(copied.id as string)).rejects.toThrow(
      /it belongs to journal [0-9a-f]{24}, not to this one \(its head file .*empty\.jsonl\.head is missing\)/,
    );
    void core;
  });

  it('a line signed for another machine is refused even with a MAC that verifies', async () => {
    const { core, journalPath, key } = await withRemove();
    const held = [{ Type: 'L4WFPPROXY', Settings: { InboundProxyPort: '8000' } }];
    appendFileSync(
      journalPath,
      signedLine(key, { ...plantedRemove('j-elsewhere', held, held), machine: 'other-host' }, journalPath),
    );
    expect(await restoreSendingNothing(core, 'j-elsewhere')).toMatchObject({
      ok: false,
      error: {
        code: 'journal-integrity',
        message: expect.stringContaining(
          `it was written on machine other-host, this is ${hostname()}; restore only re-adds what was removed on this machine`,
        ),
      },
    });
  });

  it('older-format lines (a MAC of the entry alone) are read and count as ours, but are not restorable', async () => {
    const { core, journalPath, key, removed, lines, genuine } = await withRemove();
    const { mac: _m, seq: _s, journal: _j, ...entry } = genuine(lines());
    const old = { ...entry, id: 'j-older' };
    const { createHmac } = await import('node:crypto');
    appendFileSync(
      journalPath,
      line({ ...old, mac: createHmac('sha256', key).update(JSON.stringify(old)).digest('hex') }),
    );
    const fresh = new Journal(journalPath);
    expect((await fresh.get('j-older'))?.endpointId).toBe(API);
    expect(await restoreSendingNothing(core, 'j-older')).toMatchObject({
      ok: false,
      error: {
        code: 'journal-integrity',
        message: expect.stringContaining('it was signed in the older format'),
      },
    });
    // The journal itself is whole: the genuine entry still restores.
    expect((await core.route('policies.restore', { journalId: removed.journalId })).ok).toBe(true);
  });

  it('two writers on one journal number their entries without a gap or a repeat', async () => {
    const { journalPath, removed } = await withRemove();
    const a = new Journal(journalPath);
    const b = new Journal(journalPath);
    const add = {
      operation: 'add' as const,
      endpointId: WEB0,
      policies: [],
      before: [],
      after: [],
      outcome: 'ok' as const,
    };
    await Promise.all([
      ...Array.from({ length: 5 }, () => a.append(add)),
      ...Array.from({ length: 5 }, () => b.append(add)),
    ]);
    const seqs = readFileSync(journalPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs.sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(headOf(journalPath).seq).toBe(12);
    expect((await new Journal(journalPath).verified(removed.journalId as string))?.id).toBe(
      removed.journalId,
    );
  });
});
