// Issue 13 items 6, 7, 10: untrusted text reaches neither the terminal nor the log with control
// characters in it (one function, core/safe-text.ts); JSON output stays exact; no download is ever
// accepted; "Restart as administrator" forwards only the app's own arguments.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Session } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { safeLines, safeText } from '../../electron/core/safe-text';
import { createAppCore } from '../../electron/ipc/app-core';
import { makeRestartElevated, ownArgs } from '../../electron/main/elevation';
import { routerErrorLogger, withHnsErrorLogging } from '../../electron/main/logging';
import { applySessionSecurity } from '../../electron/main/security';
import { demoState } from '../../native/demo-data';
import { SimulatedHns } from '../../native/simulated-hns';
import { serializeSnapshot } from '../../native/snapshot/app-format';
import { cli } from '../support/cli';
import { FakeSession, fakeEvent, fakeShell32, quietLog, restartDeps } from '../support/electron-fakes';

vi.mock('electron', () => ({}));

const ESC = '\u001b';
const HOSTILE = `evil${ESC}[2J${ESC}]0;pwned\u0007\r\nFORGED LINE\u009b31m\u202eexe.txt\u2066x`;
// Every character that must never reach a terminal or a log line raw.
// eslint-disable-next-line no-control-regex -- control characters are what this finds
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('safeText / safeLines (the one function)', () => {
  it('makes ESC, OSC, CR, LF, C1 and bidi controls visible', () => {
    expect(safeText(HOSTILE)).toBe(
      'evil\\u001b[2J\\u001b]0;pwned\\u0007\\r\\nFORGED LINE\\u009b31m\\u202eexe.txt\\u2066x',
    );
    expect(safeLines(`a\n${HOSTILE}`)).toBe(
      'a\nevil\\u001b[2J\\u001b]0;pwned\\u0007\\r\nFORGED LINE\\u009b31m\\u202eexe.txt\\u2066x',
    );
    expect(safeText('plain ÄÖ 日本 - ok')).toBe('plain ÄÖ 日本 - ok');
  });
});

describe('CLI output', () => {
  const d = mkdtempSync(join(tmpdir(), 'hcnproxy-out-'));
  const state = demoState();
  const ep = state.endpoints[0] as { ID: string; Name: string; Policies?: unknown[] };
  ep.Name = HOSTILE;
  ep.Policies = [...(ep.Policies ?? []), { Type: 'ACL\nFORGED LINE', Settings: {} }];
  const file = join(d, 'hostile.json');
  writeFileSync(
    file,
    serializeSnapshot(state, { source: { backend: 'simulated', description: 't', hostname: 'n' } }),
  );

  it('an endpoint name with ESC/OSC/CR/LF/C1/bidi is printed escaped, on its own row', async () => {
    const r = await cli(['endpoints', '--backend', 'simulated', '--state', file], d);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('evil\\u001b[2J\\u001b]0;pwned\\u0007\\r\\nFORGED LINE');
    expect(r.stdout.split('\n').some((l) => l.startsWith('FORGED'))).toBe(false);
  });

  it('a policy type with an LF (list) and names in diagnose stay on their own line', async () => {
    for (const args of [
      ['list', ep.ID],
      ['diagnose', '--all'],
    ]) {
      const r = await cli([...args, '--backend', 'simulated', '--state', file], d);
      expect(r.stdout + r.stderr).not.toMatch(RAW);
      expect((r.stdout + r.stderr).split('\n').some((l) => l.startsWith('FORGED'))).toBe(false);
    }
    const list = await cli(['list', ep.ID, '--backend', 'simulated', '--state', file], d);
    expect(list.stdout).toContain('ACL\\nFORGED LINE');
  });

  it('--json stays exact: the name parses back byte for byte', async () => {
    const r = await cli(['endpoints', '--backend', 'simulated', '--state', file, '--json'], d);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; name: string }[];
    expect(list.find((e) => e.name === HOSTILE)).toBeDefined();
  });

  it('an error quoting input (a journal id with CR/LF and ESC) is one escaped line on stderr', async () => {
    const r = await cli(['restore', `j-1\r\n[info] forged${ESC}[31m`, '--backend', 'simulated'], d);
    expect(r.code).not.toBe(0);
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('j-1\\r\\n[info] forged\\u001b[31m');
  });
});

describe('log lines (electron/main/logging.ts)', () => {
  it('a journalId with a newline cannot forge a log line (router onError)', async () => {
    const log = quietLog();
    const c = await createAppCore({
      backend: 'simulated',
      journalPath: join(mkdtempSync(join(tmpdir(), 'hcnproxy-log-')), 'j.jsonl'),
      onError: routerErrorLogger(log),
    });
    const r = await c.route('policies.restore', { journalId: 'j-x\n[2026-01-01 00:00:00] [info] forged' });
    expect(r.ok).toBe(false);
    const lines = [...log.warn.mock.calls, ...log.error.mock.calls].map((a) => String(a[0]));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).not.toMatch(/[\r\n]/);
    expect(lines.join(' ')).toContain('j-x\\n[2026-01-01 00:00:00] [info] forged');
    await c.close();
  });

  it('every field of a rejected message is escaped: channel, field, message', () => {
    const log = quietLog();
    routerErrorLogger(log)('bad\r\nchannel', {
      code: 'validation',
      field: 'a\nb',
      message: `m\r\n${ESC}]0;t\u0007`,
    });
    const line = String(log.warn.mock.calls[0]?.[0]);
    expect(line).not.toMatch(RAW);
    expect(line).not.toMatch(/\n/);
    expect(line).toBe('IPC rejected bad\\r\\nchannel: validation (a\\nb): m\\r\\n\\u001b]0;t\\u0007');
  });

  it('HNS call logging escapes the id and the failure message', async () => {
    const log = quietLog();
    const hns = withHnsErrorLogging(new SimulatedHns(demoState()), log);
    await hns.getEndpoint('nope\r\n[info] forged').catch(() => undefined);
    const line = String(log.error.mock.calls[0]?.[0]);
    expect(line).toMatch(/^HNS getEndpoint nope\\r\\n\[info\] forged failed: /);
    expect(line).not.toMatch(/[\r\n]/);
  });
});

describe('will-download (electron/main/security.ts)', () => {
  it('every download is cancelled and logged with its URL escaped', () => {
    const ses = new FakeSession();
    const log = quietLog();
    applySessionSecurity(ses as unknown as Session, log);
    const event = fakeEvent();
    ses.emit('will-download', event, { getURL: () => 'blob:app://hcnproxy/x\r\nforged' });
    expect(event.preventDefault).toHaveBeenCalled();
    expect(log.warn).toHaveBeenCalledWith('Download cancelled: blob:app://hcnproxy/x\\r\\nforged');
  });
});

describe('Restart as administrator forwards only the app’s own arguments', () => {
  const hostile = [
    '--remote-debugging-port=9222',
    '--inspect=9229',
    '--js-flags=--allow-natives-syntax',
    '--no-sandbox',
    '--disable-web-security',
    '--backend',
    'simulated',
    '--state=C:\\s.json',
    '--load-extension=C:\\evil',
  ];
  it('ownArgs keeps --backend/--state (and the app path in development only)', () => {
    expect(ownArgs(hostile, true)).toEqual(['--backend', 'simulated', '--state', 'C:\\s.json']);
    expect(ownArgs(['.', ...hostile], false)).toEqual([
      '.',
      '--backend',
      'simulated',
      '--state',
      'C:\\s.json',
    ]);
    expect(ownArgs(['C:\\evil-app', '--remote-debugging-port=1'], true)).toEqual([]);
  });

  it('ShellExecute receives no Chromium or Node switch', async () => {
    const s = fakeShell32(false);
    vi.useFakeTimers();
    try {
      await makeRestartElevated(restartDeps(s, { execPath: 'C:\\app.exe', args: hostile }))();
    } finally {
      vi.useRealTimers();
    }
    expect(s.shellExecute).toHaveBeenCalledWith(
      'runas',
      'C:\\app.exe',
      '--backend simulated --state C:\\s.json',
      'C:\\',
    );
  });
});
