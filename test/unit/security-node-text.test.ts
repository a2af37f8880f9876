// Everything a node or a file says is data: the backend label `version` prints (a node's agent, or a
// --state file's name), HNS event fields in `diagnose`, a node's error text in bulk results, and
// --json output (C1 and bidi characters as \u escapes, still JSON that parses to the same value).
// One escaper for all of it: electron/core/safe-text.ts.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { add } from '../../electron/cli/commands/add';
import { diagnose } from '../../electron/cli/commands/diagnose';
import type { CommandContext } from '../../electron/cli/commands/types';
import { version } from '../../electron/cli/commands/version';
import { safeJson } from '../../electron/core/safe-text';
import { nodeNoteLogger } from '../../electron/main/logging';
import { demoState } from '../../native/demo-data';
import { serializeSnapshot } from '../../native/snapshot/app-format';
import { cli } from '../support/cli';

const FORGE = '\nhcnproxyctl: FORGED: agent verified, signature OK';
// Every character that must never reach a terminal raw (LF aside: checked by line count).
const RAW =
  // eslint-disable-next-line no-control-regex -- control characters are what this finds
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const forged = (text: string) => text.split('\n').some((l) => l.startsWith('hcnproxyctl: FORGED'));

/** A command context whose calls answer from `answers` (what a hostile node's agent would send). */
function nodeCtx(answers: Record<string, unknown>): CommandContext {
  return {
    globals: { json: false } as CommandContext['globals'],
    remote: 'ssh://admin@node9',
    core: () => Promise.reject(new Error('no local core')),
    call: (async (channel: string) => {
      if (!(channel in answers)) throw new Error(`unexpected call ${channel}`);
      return answers[channel];
    }) as CommandContext['call'],
    stream: () => undefined,
    signal: new AbortController().signal,
  } as CommandContext;
}

describe('safeJson: --json escapes what JSON.stringify leaves raw', () => {
  it('C1, DEL, bidi and line separators become \\u escapes; the text parses to the same value', () => {
    const value = { name: 'a\u009b31m\u202eexe.txt\u2066\u007f\u2028b', n: 1, list: ['\u001b[2J'] };
    const text = safeJson(value, 2);
    expect(text).not.toMatch(RAW);
    expect(text).toContain('a\\u009b31m\\u202eexe.txt\\u2066\\u007f\\u2028b');
    expect(JSON.parse(text)).toEqual(value);
    expect(safeJson(undefined)).toBe('null');
  });

  it('through the CLI: an endpoint name with C1 and bidi characters is escaped in --json stdout', async () => {
    const d = mkdtempSync(join(tmpdir(), 'hcnproxy-json-'));
    const state = demoState();
    const hostile = 'web\u009b31m\u202eexe.txt';
    (state.endpoints[0] as { Name: string }).Name = hostile;
    const file = join(d, 'state.json');
    writeFileSync(
      file,
      serializeSnapshot(state, { source: { backend: 'simulated', description: 't', hostname: 'n' } }),
    );
    const r = await cli(['endpoints', '--backend', 'simulated', '--state', file, '--json'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW);
    expect(r.stdout).toContain('web\\u009b31m\\u202eexe.txt');
    expect((JSON.parse(r.stdout) as { name: string }[]).some((e) => e.name === hostile)).toBe(true);
  });
});

describe('version: the backend label is data', () => {
  it('a node whose agent reports a label with an LF and ESC cannot forge a line', async () => {
    const out = await version.run(
      nodeCtx({
        'hns.info': {
          appVersion: '1.0.0',
          backend: 'windows',
          backendLabel: `windows${FORGE}\u001b[31m`,
          version: null,
          versionError: `no${FORGE}`,
          l4WfpProxySupported: false,
        },
      }),
      { positionals: [], values: {} },
    );
    const text = out.lines.join('\n');
    expect(forged(text)).toBe(false);
    expect(text).not.toMatch(RAW);
    expect(out.lines[1]).toBe(
      'backend:     windows\\nhcnproxyctl: FORGED: agent verified, signature OK\\u001b[31m',
    );
  });

  it('a --state file whose name holds an LF: `version` prints it on one line', async () => {
    const d = mkdtempSync(join(tmpdir(), 'hcnproxy-label-'));
    const file = join(d, `s${FORGE.replace(/:/g, '')}.json`);
    writeFileSync(
      file,
      serializeSnapshot(demoState(), { source: { backend: 'simulated', description: 't', hostname: 'n' } }),
    );
    const r = await cli(['version', '--backend', 'simulated', '--state', file], d);
    expect(r.code).toBe(0);
    // The label names the file (so the attack is real), escaped.
    expect(r.stdout).toContain('\\nhcnproxyctl FORGED');
    expect(r.stdout.split('\n').some((l) => l.startsWith('hcnproxyctl FORGED'))).toBe(false);
  });
});

describe('diagnose: HNS event fields are data', () => {
  it('time, level, id and message of an event each stay on the event line, escaped', async () => {
    const EP = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
    const out = await diagnose.run(
      nodeCtx({
        'diagnostics.all': {
          findings: [
            {
              id: 'journal.read-back-mismatch',
              severity: 'warning',
              endpointId: EP,
              message: 'mismatch',
              fix: 'look',
              evidence: {},
            },
          ],
          counts: { error: 0, warning: 1, info: 0 },
          endpointsChecked: 1,
        },
        'endpoints.list': [],
        'diagnostics.events': {
          available: true,
          events: [
            {
              time: `2026-01-01${FORGE}`,
              id: 1,
              level: `Error\u202e${FORGE}`,
              log: 'x',
              provider: 'y',
              message: `m\u009b31m`,
            },
          ],
        },
      }),
      { positionals: [], values: {} },
    );
    const text = out.lines.join('\n');
    expect(forged(text)).toBe(false);
    expect(text).not.toMatch(RAW);
    expect(text).toContain('2026-01-01\\nhcnproxyctl: FORGED: agent verified, signature OK Error\\u202e');
  });
});

describe("bulk add: a node's error message is data", () => {
  it('an outcome whose error text holds an LF prints on its own line', async () => {
    const out = await add.run(
      nodeCtx({
        'policies.applyToMany': {
          succeeded: 0,
          failed: 1,
          outcomes: [
            {
              endpointId: '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4',
              ok: false,
              error: { code: 'hns', message: `boom${FORGE}` },
            },
          ],
        },
      }),
      {
        positionals: ['5e6f7081-92a3-4b4c-8d5e-6f708192a3b4', '6a7b8c9d-0e1f-4a2b-8c3d-4e5f60718293'],
        values: { port: '8000' },
      },
    );
    expect(forged(out.lines.join('\n'))).toBe(false);
    expect(out.lines[0]).toContain('FAILED: boom\\nhcnproxyctl: FORGED');
  });
});

describe("main.log: a node's notes are data", () => {
  it('a note whose node label or text holds CR/LF, ESC or bidi characters is one escaped log line', () => {
    const lines: string[] = [];
    const log = { info: (m: string) => lines.push(m), warn: () => undefined, error: () => undefined };
    nodeNoteLogger(log)(`k8s://win-1\r\n[info] FORGED`, `agent stderr: ok${FORGE}\u001b[31m\u202e`);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(RAW);
    expect(lines[0]!.includes('\n')).toBe(false);
    expect(lines[0]).toBe(
      '[k8s://win-1\\r\\n[info] FORGED] agent stderr: ok\\nhcnproxyctl: FORGED: agent verified, signature OK\\u001b[31m\\u202e',
    );
  });
});
