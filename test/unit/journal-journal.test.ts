import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultJournalPath } from '../../electron/core/journal/default-path';
import { Journal } from '../../electron/core/journal/journal';

const tmp = () => join(mkdtempSync(join(tmpdir(), 'hcnproxy-journal-')), 'sub', 'journal.jsonl');
const entry = (endpointId: string, operation: 'add' | 'clear' | 'restore' = 'add') => ({
  endpointId,
  operation,
  before: [],
  after: [],
  policies: [{ Type: 'L4WFPPROXY', Settings: { OutboundProxyPort: '1' } }],
  outcome: 'ok' as const,
});

describe('Journal', () => {
  it('appends JSON lines in call order, creating the folder, with who/when/where', async () => {
    const path = tmp();
    const j = new Journal(path);
    const written = await Promise.all(Array.from({ length: 50 }, (_, i) => j.append(entry(`ep-${i}`))));
    const lines = readFileSync(path, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.endpointId)).toEqual(written.map((w) => w.endpointId));
    expect(new Set(lines.map((l) => l.id)).size).toBe(50);
    expect(lines[0]).toMatchObject({
      user: expect.any(String),
      machine: expect.any(String),
      time: expect.stringMatching(/^\d{4}-/),
    });
  });

  it('reloads from disk, skips torn lines, and derives restoredBy from later entries', async () => {
    const path = tmp();
    const a = new Journal(path);
    const clear = await a.append(entry('ep', 'clear'));
    appendFileSync(path, '{"torn":\n');
    await a.append({ ...entry('ep', 'restore'), restores: clear.id });
    const b = new Journal(path);
    const list = await b.list();
    expect(list.map((e) => e.operation)).toEqual(['restore', 'clear']);
    expect(list[1]?.restoredBy).toBe(list[0]?.id);
    expect(b.skippedLines).toBe(1);
    expect(await b.addedPolicies()).toHaveLength(1);
  });

  it('defaults to an OS-appropriate data folder, overridable by environment', () => {
    expect(defaultJournalPath({ ProgramData: 'C:\\ProgramData' }, 'win32')).toMatch(
      /HCN Proxy Control.journal\.jsonl$/,
    );
    // Joined with the host's separator (a win32 host running the linux branch prints backslashes).
    expect(defaultJournalPath({ XDG_STATE_HOME: '/s' }, 'linux')).toBe(
      join('/s', 'hcn-proxy-control', 'journal.jsonl'),
    );
    expect(defaultJournalPath({ HCNPROXY_JOURNAL: '/x.jsonl' }, 'linux')).toBe('/x.jsonl');
  });
});

describe('Journal shared by two processes (the app and the CLI)', () => {
  it('each sees the other’s appends before answering, and ids stay unique', async () => {
    const path = tmp();
    const app = new Journal(path);
    const cliSide = new Journal(path);
    const a1 = await app.append(entry('ep-a'));
    expect((await cliSide.list()).map((e) => e.id)).toEqual([a1.id]);
    const c1 = await cliSide.append(entry('ep-c', 'clear'));
    const a2 = await app.append(entry('ep-a'));
    expect((await app.all()).map((e) => e.id)).toEqual([a1.id, c1.id, a2.id]);
    expect(await app.get(c1.id)).toMatchObject({ operation: 'clear' });
    expect((await cliSide.all()).map((e) => e.id)).toEqual([a1.id, c1.id, a2.id]);
    expect(readFileSync(path, 'utf8').trim().split('\n')).toHaveLength(3);
  });
});
