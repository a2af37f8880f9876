// Issue 8 §4: bad files. Corrupt, truncated, wrong-shape and 50 MB snapshot files and journals give a
// clear error (or, for the append-only journal, are read around) without a crash, and are never
// modified; journal, state and settings writes survive a SIGKILL in the middle of a write loop.
// Big files are generated in a temp dir at test time; nothing large is committed.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
  type FSWatcher,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoState, type HnsState } from '../../native/demo-data';
import type { HostComputeEndpoint } from '../../native/hns-json';
import { parseSnapshot, serializeSnapshot, SnapshotError } from '../../native/snapshot/parse';
import type { AppError } from '../../electron/base/app-error';
import { Journal, type NewJournalEntry } from '../../electron/core/journal/journal';
import { JournalEntrySchema, SettingsSchema, type JournalEntry } from '../../electron/core/views';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import { captureCli } from '../support/cli';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const WEB0 = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const GOOD = { inboundProxyPort: '4143', outboundProxyPort: '4140', userSid: 'S-1-5-32-556' };
const MB = 1024 * 1024;

let dir: string;
const cores: AppCore[] = [];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hcnproxy-files-'));
});
afterAll(async () => {
  for (const c of cores) await c.close();
  rmSync(dir, { recursive: true, force: true });
});

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
const fingerprint = (file: string) => ({
  sha: sha(file),
  size: statSync(file).size,
  mtime: statSync(file).mtimeMs,
});

function file(name: string, content: string | Buffer): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}

async function core(journalPath = join(dir, `j-${cores.length}.jsonl`)): Promise<AppCore> {
  const c = await createAppCore({ backend: 'simulated', validateOutput: true, journalPath });
  cores.push(c);
  return c;
}

const cli = (args: string[]) =>
  captureCli(args.includes('--journal') ? args : [...args, '--journal', join(dir, 'cli.jsonl')]);

/** A valid app export of `n` endpoints, each padded so the file reaches about `bytes`. */
function bigState(n: number, bytes: number): HnsState {
  const base = demoState();
  const pad = 'x'.repeat(Math.max(0, Math.floor(bytes / n) - 600));
  const endpoints: HostComputeEndpoint[] = Array.from({ length: n }, (_, i) => ({
    ID: `d0000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    Name: `pod-${i}_eth0`,
    HostComputeNetwork: base.networks[0]?.ID,
    IpConfigurations: [{ IpAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, PrefixLength: 24 }],
    Policies: [{ Type: 'OutBoundNAT', Settings: { Exceptions: ['10.0.0.0/8'], Comment: pad } }],
  }));
  return { ...base, endpoints, namespaces: [] };
}

// ---------------------------------------------------------------- snapshot files

const appExport = serializeSnapshot(demoState(), {
  source: { backend: 'simulated', description: 'test', hostname: 'node7' },
});
const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(appExport, 'utf16le')]);

/** name, bytes, what the message must say. */
const BAD_SNAPSHOTS: [string, () => Buffer, RegExp][] = [
  ['empty', () => Buffer.alloc(0), /empty/],
  ['whitespace', () => Buffer.from('  \n\t '), /only whitespace/],
  [
    'random bytes',
    () => Buffer.concat([Buffer.from([0x80, 0x81]), randomBytes(4096)]),
    /not UTF-8 text|not valid JSON|not an HNS snapshot/,
  ],
  [
    'zip archive',
    () => Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(2048)]),
    /not (UTF-8 text|valid JSON)|not an HNS snapshot/,
  ],
  [
    'truncated export',
    () => Buffer.from(appExport.slice(0, Math.floor(appExport.length * 0.6))),
    /truncated/,
  ],
  ['truncated UTF-16 (odd byte)', () => utf16.subarray(0, 1001), /truncated/],
  ['JSON array of numbers', () => Buffer.from('[1,2,3]'), /item 0 is number/],
  ['null', () => Buffer.from('null'), /found null/],
  ['a string', () => Buffer.from('"hello"'), /found string/],
  ['unrelated object', () => Buffer.from('{"hello":"world"}'), /not an HNS snapshot/],
  [
    'future export version',
    () => Buffer.from(JSON.stringify({ format: 'hcnproxy-snapshot', version: 99, endpoints: [] })),
    /version 99 is not supported/,
  ],
  ['unknown format', () => Buffer.from('{"format":"pcap"}'), /unknown snapshot format "pcap"/],
  [
    'endpoints not an array',
    () => Buffer.from('{"endpoints":[],"networks":"nope"}'),
    /"networks" must be an array/,
  ],
  [
    'endpoint is a number',
    () => Buffer.from(JSON.stringify({ format: 'hcnproxy-snapshot', version: 1, endpoints: [42] })),
    /endpoints\[0\] is not an object/,
  ],
  ['items without IDs', () => Buffer.from('[{"Name":"a"},{"Name":"b"}]'), /no item has an endpoint ID/],
  [
    'nested 5,000 levels deep',
    () => Buffer.from(`[{"ID":"${WEB0}","X":${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}}]`),
    /nested more than 200 levels/,
  ],
];

describe.each(BAD_SNAPSHOTS)('snapshot file: %s', (name, bytes, reason) => {
  let path: string;
  let before: ReturnType<typeof fingerprint>;
  beforeAll(() => {
    path = file(`snap-${name.replace(/\W+/g, '-')}.json`, bytes());
    before = fingerprint(path);
  });

  it('parser: a SnapshotError naming the file and the problem', () => {
    expect(() => parseSnapshot(readFileSync(path), 'node7.json')).toThrow(SnapshotError);
    expect(() => parseSnapshot(readFileSync(path), 'node7.json')).toThrow(reason);
    expect(() => parseSnapshot(readFileSync(path), 'node7.json')).toThrow(/^node7\.json: /);
  });

  it('router snapshot.open: a typed error, the live backend kept', async () => {
    const c = await core();
    const r = await c.route('snapshot.open', {
      fileName: 'node7.json',
      contentBase64: readFileSync(path).toString('base64'),
    });
    expect(r.ok).toBe(false);
    expect((r as { error: AppError }).error).toMatchObject({ code: 'snapshot', field: 'contentBase64' });
    expect((r as { error: AppError }).error.message).toMatch(reason);
    expect(c.ctx.origin.kind).not.toBe('snapshot');
    expect((await c.route('endpoints.list', {})).ok).toBe(true);
  });

  it('CLI --state (and --persist): exit 2 (bad input, issue 14) with the reason, the file untouched', async () => {
    for (const extra of [[], ['--persist']]) {
      const r = await cli(['endpoints', '--backend', 'simulated', '--state', path, ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(reason);
    }
    expect(fingerprint(path)).toEqual(before);
  });
});

describe('a snapshot with 200,000 unusable items and one endpoint', () => {
  it('loads the endpoint with one summary warning, not 200,000', () => {
    const items = [
      ...Array.from({ length: 200_000 }, (_, i) => ({ Name: `x${i}` })),
      { ID: WEB0, Name: 'web' },
    ];
    const snap = parseSnapshot(Buffer.from(JSON.stringify(items)), 'many.json');
    expect(snap.state.endpoints).toHaveLength(1);
    expect(snap.warnings.filter((w) => /no endpoint ID/.test(w))).toEqual([
      expect.stringMatching(/^200000 items have no endpoint ID .*199990 more/),
    ]);
  });
});

describe('50 MB snapshot files', () => {
  let valid: string;
  let truncated: string;
  beforeAll(() => {
    const text = serializeSnapshot(bigState(10_000, 50 * MB), {
      source: { backend: 'simulated', description: 'big', hostname: 'node7' },
    });
    valid = file('big.json', text);
    truncated = file('big-truncated.json', text.slice(0, text.length - 1000));
  });

  it('are really about 50 MB', () => {
    expect(statSync(valid).size).toBeGreaterThan(48 * MB);
  });

  it('a truncated one: a clear error from the parser, the router and the CLI; untouched', async () => {
    const before = fingerprint(truncated);
    expect(() => parseSnapshot(readFileSync(truncated), 'big.json')).toThrow(/truncated/);
    const c = await core();
    const r = await c.route('snapshot.open', {
      fileName: 'big.json',
      contentBase64: readFileSync(truncated).toString('base64'),
    });
    expect(r.ok ? '' : r.error.message).toMatch(/truncated/);
    const out = await cli(['endpoints', '--backend', 'simulated', '--state', truncated, '--persist']);
    expect(out.code).toBe(2); // a file that is not a usable snapshot is bad input (issue 14)
    expect(out.stderr).toMatch(/truncated/);
    expect(fingerprint(truncated)).toEqual(before);
  });

  it('a valid one opens through the router (10,000 endpoints) and is not modified', async () => {
    const before = fingerprint(valid);
    const c = await core();
    const r = await c.route('snapshot.open', {
      fileName: 'big.json',
      contentBase64: readFileSync(valid).toString('base64'),
    });
    expect(r.ok).toBe(true);
    expect((r as { value: { endpointCount: number } }).value.endpointCount).toBe(10_000);
    await c.route('snapshot.close', {});
    expect(fingerprint(valid)).toEqual(before);
  });
});

// ---------------------------------------------------------------- journals

const entry = (i: number): JournalEntry => ({
  id: `j-old-${String(i).padStart(6, '0')}`,
  time: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
  user: 'admin',
  machine: 'node7',
  endpointId: WEB0,
  operation: 'add',
  before: [],
  after: [],
  policies: [{ Type: 'L4WFPPROXY', Settings: { InboundProxyPort: String(1000 + i) } }],
  outcome: 'ok',
});
const lines = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify(entry(i)) + '\n').join('');
/** What a test appends itself: any entry will do, only where and how it lands matters. */
const APPENDED: NewJournalEntry = {
  endpointId: WEB0,
  operation: 'add',
  before: [],
  after: [],
  policies: [],
  outcome: 'ok',
};

/** name, content, entries still readable, lines skipped. */
const BAD_JOURNALS: [string, () => string | Buffer, number, number][] = [
  ['random bytes', () => randomBytes(8192), 0, -1],
  ['torn last line (crash mid-write)', () => lines(5) + JSON.stringify(entry(5)).slice(0, 40), 5, 1],
  [
    'garbage line in the middle',
    () => lines(2) + '<<<not json>>>\n' + lines(3).replace(/j-old-00000/g, 'j-old-10000'),
    5,
    1,
  ],
  ['wrong shape lines', () => lines(1) + '[]\nnull\n{"id":1,"operation":"explode"}\n"text"\n', 1, 4],
  ['a JSON array instead of lines', () => JSON.stringify([entry(0), entry(1)]), 0, 1],
  ['NUL padding (power loss)', () => lines(3) + '\u0000'.repeat(4096), 3, 1],
];

describe.each(BAD_JOURNALS)('journal file: %s', (name, content, readable, skipped) => {
  it('reads what is readable, keeps working, and never rewrites what was there', async () => {
    const path = file(`journal-${name.replace(/\W+/g, '-')}.jsonl`, content());
    const original = readFileSync(path);
    const first = original.toString('utf8').split('\n', 1)[0] ?? '';
    let journalHead = false;
    try {
      journalHead = JournalEntrySchema.safeParse(JSON.parse(first)).success;
    } catch {
      // not JSON
    }
    if (!journalHead) {
      // A journalPath from any source passes settings.set's check, which refuses a
      // file whose first line is not a journal entry (it may be any file an attacker named).
      await expect(core(path)).rejects.toThrow(
        /journalPath: The file exists and is not an HCN Proxy Control/,
      );
      expect(readFileSync(path).equals(original)).toBe(true);
      return;
    }
    const c = await core(path);
    const list = await c.route('journal.list', { limit: 10_000 });
    expect(list.ok).toBe(true);
    const listed = (list as { value: { entries: unknown[]; skippedLines: number } }).value;
    expect(listed.entries).toHaveLength(readable);
    if (skipped >= 0) expect(listed.skippedLines).toBe(skipped);
    else expect(c.ctx.journal.skippedLines).toBeGreaterThan(0);
    // A change still journals, after the old bytes, and reads back from a fresh reader.
    const add = await c.route('policies.add', { endpointId: WEB0, policy: GOOD });
    expect(add.ok).toBe(true);
    const id = (add as { value: { journalId?: string; warnings: string[] } }).value.journalId;
    expect(id).toBeDefined();
    const now = readFileSync(path);
    expect(now.subarray(0, original.length).equals(original)).toBe(true);
    const fresh = new Journal(path);
    expect((await fresh.get(id as string))?.outcome).toBe('ok');
    expect(await fresh.all()).toHaveLength(readable + 1);
    // The CLI says that lines were skipped (exit 0: the readable part is still the audit log).
    const out = await cli(['journal', '--backend', 'simulated', '--journal', path]);
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/\d+ unreadable lines? of the journal were skipped/);
  });
});

describe('50 MB journal', () => {
  it('loads, lists, appends and restores without rewriting the file', async () => {
    const path = join(dir, 'big-journal.jsonl');
    // ~10 KB per entry, 5,000 entries.
    const pad = Array.from({ length: 40 }, (_, i) => ({
      Type: 'L4WFPPROXY',
      Settings: { InboundProxyPort: String(i + 1), Note: 'y'.repeat(200) },
    }));
    const chunk: string[] = [];
    for (let i = 0; i < 5000; i++)
      chunk.push(JSON.stringify({ ...entry(i), id: `j-big-${i}`, before: pad }) + '\n');
    writeFileSync(path, chunk.join(''));
    expect(statSync(path).size).toBeGreaterThan(48 * MB);
    const before = sha(path);
    const size = statSync(path).size;
    const c = await core(path);
    const t0 = performance.now();
    const list = await c.route('journal.list', { limit: 50 });
    const loadMs = performance.now() - t0;
    expect(list.ok).toBe(true);
    expect((list as { value: { entries: JournalEntry[] } }).value.entries[0]?.id).toBe('j-big-4999');
    const add = await c.route('policies.add', { endpointId: WEB0, policy: GOOD });
    expect(add.ok).toBe(true);
    const head = readFileSync(path).subarray(0, size);
    expect(createHash('sha256').update(head).digest('hex')).toBe(before);
    console.log(`50 MB journal: first list ${Math.round(loadMs)} ms`);
  });
});

// ---------------------------------------------------------------- settings

describe('settings file', () => {
  it('50 concurrent settings.set through the router: all answered, the file whole and equal to the last one', async () => {
    const settingsPath = join(dir, 'settings', 'settings.json');
    const c = await createAppCore({
      backend: 'simulated',
      journalPath: join(dir, 'settings-journal.jsonl'),
      settingsPath,
    });
    cores.push(c);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => c.route('settings.set', { autoRefreshSeconds: i })),
    );
    expect(results.filter((r) => !r.ok)).toEqual([]);
    const onDisk = SettingsSchema.parse(JSON.parse(readFileSync(settingsPath, 'utf8')));
    expect(onDisk.autoRefreshSeconds).toBe(49);
    const now = await c.route('settings.get', {});
    expect((now as { value: { autoRefreshSeconds: number } }).value.autoRefreshSeconds).toBe(49);
    expect(readdirSync(join(dir, 'settings'))).toEqual(['settings.json']);
  });
});

// ---------------------------------------------------------------- kill during writes

interface KillPlan {
  /** SIGKILL once this many writes were acknowledged (the writer keeps going until the kill lands). */
  afterAcks: number;
  /** Also kill as soon as a temp file of an atomic write appears, after the first ack. */
  onTempFile?: boolean;
}

/**
 * Runs the writer (test/support/write-loop.ts) and SIGKILLs it as planned; resolves with every write
 * it acknowledged before dying (read to the end of its stdout). Nothing here depends on when the kill
 * lands: the checks hold for any point of the loop, and the plan only varies where it tends to land.
 */
function killDuringWrites(
  mode: 'journal' | 'state' | 'settings',
  target: string,
  plan: KillPlan,
): Promise<string[]> {
  return new Promise((done, fail) => {
    const args = [
      '--import',
      'tsx',
      'test/support/write-loop.ts',
      mode,
      target,
      'd0000000-0000-4000-8000-000000000000',
    ];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const acks: string[] = [];
    let pending = '';
    let err = '';
    let watcher: FSWatcher | undefined;
    const kill = () => child.kill('SIGKILL');
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      const lines = (pending + d).split('\n');
      pending = lines.pop() ?? ''; // an ack cut off by the kill does not count
      for (const l of lines) if (l.startsWith('ack ')) acks.push(l.slice(4));
      if (plan.onTempFile && !watcher && acks.length)
        watcher = watch(dirname(target), (_e, name) => String(name).endsWith('.tmp') && kill());
      if (acks.length >= plan.afterAcks) kill();
    });
    // 'close', not 'exit': every ack the writer got out before the kill has been read by then.
    child.on('close', (code, signal) => {
      watcher?.close();
      if (signal === 'SIGKILL') done(acks);
      else fail(new Error(`${mode} writer exited ${code}: ${err}`));
    });
  });
}

const KILLS = 4;

/** The writer's journal entries (write-loop.ts): 400 policies each, so a write spans several pages. */
function isWriterEntry(line: string): boolean {
  try {
    const e = JournalEntrySchema.parse(JSON.parse(line));
    return e.operation === 'clear' && e.policies.length === 400 && e.before.length === 400;
  } catch {
    return false;
  }
}

const parsesAsEntry = (line: string) => {
  try {
    return JournalEntrySchema.safeParse(JSON.parse(line)).success;
  } catch {
    return false;
  }
};

/**
 * What the journal promises after a crash (journal.ts): every acknowledged append is present and
 * whole, nothing written before is changed, at most the last line is torn, and the next append starts
 * a line of its own and reads back. `before` is the file as the previous round left it; returns the
 * file after this round's own append, and whether the kill left a torn tail.
 */
async function checkJournalAfterKill(
  target: string,
  before: string,
  acks: string[],
): Promise<{ text: string; torn: boolean }> {
  const text = readFileSync(target, 'utf8');
  expect(text.startsWith(before), 'the journal is append-only: earlier bytes unchanged').toBe(true);
  const added = text.slice(before.length).split('\n');
  const tail = added.pop() as string; // '' unless the kill tore the last write
  const whole = added.filter((l) => l !== '');
  expect(
    whole.filter((l) => !isWriterEntry(l)),
    'only the last line may be torn',
  ).toEqual([]);
  const ids = new Set(whole.map((l) => (JSON.parse(l) as JournalEntry).id));
  expect(
    acks.filter((id) => !ids.has(id)),
    'acknowledged entries missing or not whole',
  ).toEqual([]);

  const mine = await new Journal(target).append(APPENDED);
  const after = readFileSync(target, 'utf8');
  // A torn tail gets a newline first, so the new entry is never glued to it.
  // (Lines end with the entry's journal id, sequence number and MAC: compared here without them.)
  const appended = after.slice(text.length + (tail ? 1 : 0));
  expect(after.slice(0, text.length + (tail ? 1 : 0))).toBe(text + (tail ? '\n' : ''));
  expect(appended.endsWith('\n') && appended.indexOf('\n') === appended.length - 1).toBe(true);
  const { mac, seq, journal, ...unsigned } = JSON.parse(appended) as Record<string, unknown>;
  expect(JSON.stringify(unsigned)).toBe(JSON.stringify(mine));
  expect(mac).toMatch(/^v2:[0-9a-f]{64}$/);
  expect([typeof seq, typeof journal]).toEqual(['number', 'string']);
  const fresh = new Journal(target);
  const all = (await fresh.all()).map((e) => e.id);
  expect(all.at(-1)).toBe(mine.id);
  expect(acks.filter((id) => !all.includes(id))).toEqual([]);
  return { text: after, torn: tail !== '' && !parsesAsEntry(tail) };
}

describe('a SIGKILL in the middle of a write loop leaves a valid file', () => {
  // Concurrent: each mode has its own child and directory; most of the time is child start-up.
  it.concurrent.each(['journal', 'state', 'settings'] as const)(
    `%s (${KILLS} kills)`,
    async (mode) => {
      const sub = join(dir, `kill-${mode}`);
      mkdirSync(sub);
      const target = join(
        sub,
        mode === 'journal' ? 'journal.jsonl' : mode === 'state' ? 'state.json' : 'settings.json',
      );
      if (mode === 'state')
        writeFileSync(
          target,
          serializeSnapshot(bigState(2000, 4 * MB), {
            source: { backend: 'simulated', description: 'seed', hostname: 'n' },
          }),
        );
      let journalText = '';
      let torn = 0;
      for (let k = 0; k < KILLS; k++) {
        // A different depth into the loop each time; every other kill of an atomic writer is aimed
        // at the moment a temp file exists (the ack count is then only a backstop).
        const onTempFile = mode !== 'journal' && k % 2 === 0;
        const acks = await killDuringWrites(mode, target, {
          afterAcks: onTempFile ? 40 : 1 + 3 * k,
          onTempFile,
        });
        expect(acks.length).toBeGreaterThan(0);
        if (mode === 'journal') {
          const round = await checkJournalAfterKill(target, journalText, acks);
          journalText = round.text;
          if (round.torn) torn++;
          // Torn tails stay in the file (never rewritten) and are skipped, each counted once.
          const fresh = new Journal(target);
          await fresh.all();
          expect(fresh.skippedLines).toBe(torn);
        } else if (mode === 'state') {
          const snap = parseSnapshot(readFileSync(target), 'state.json');
          expect(snap.format).toBe('app');
          expect(snap.state.endpoints).toHaveLength(2000);
        } else {
          const saved = SettingsSchema.parse(JSON.parse(readFileSync(target, 'utf8')));
          // The last acknowledged value, or the next one if its rename landed before the kill.
          const last = Number(acks.at(-1));
          expect([last, (last + 1) % 60]).toContain(saved.autoRefreshSeconds);
        }
      }
      // Leftover temp files from killed atomic writes are the only trace; the target itself is whole.
      const files = readdirSync(sub);
      // (A journal has its integrity key and its signed head file beside it.)
      expect(
        files.filter((f) => !f.endsWith('.tmp') && f !== 'journal.key' && f !== 'journal.jsonl.head'),
      ).toEqual([target.split('/').pop()]);
      const size = statSync(target).size;
      const trace =
        mode === 'journal'
          ? `${journalText.split('\n').filter(Boolean).length} lines, ${torn} torn tail(s) skipped and healed`
          : `${files.length - 1} killed mid-write (temp files left), target whole`;
      console.log(`${mode}: ${KILLS} kills; ${trace}; ${(size / MB).toFixed(1)} MB`);
    },
    120_000,
  );

  it('a torn journal tail (no newline) does not swallow the next entry', async () => {
    const path = join(dir, 'torn.jsonl');
    writeFileSync(path, lines(2));
    appendFileSync(path, JSON.stringify(entry(2)).slice(0, 25));
    const j = new Journal(path);
    const added = await j.append(APPENDED);
    const fresh = new Journal(path);
    expect((await fresh.all()).map((e) => e.id)).toEqual([entry(0).id, entry(1).id, added.id]);
    expect(fresh.skippedLines).toBe(1);
  });
});
