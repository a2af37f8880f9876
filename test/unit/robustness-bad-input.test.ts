// Issue 8 §1: every input of the bad-input corpus (test/fixtures/bad-inputs.ts) is rejected with
// its field and stable code in the core, in the IPC router and in the CLI — and no HNS call is made.
// One counting HnsClient wrapper sees every backend the router and the CLI create (app-core mock).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HnsClient } from '../../native/hns-client';
import type { AppError } from '../../electron/base/app-error';
import { validateGuid, validateProxyPolicy } from '../../electron/core/policy/validate';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import {
  BAD_ENDPOINT_IDS,
  BAD_POLICIES,
  cliFlags,
  HOSTILE_TEXT,
  UNC_RUNTIME_ADDRESSES,
} from '../fixtures/bad-inputs';
import { captureCli } from '../support/cli';
import { countingHns } from '../support/counting-hns';

const hook = vi.hoisted(() => ({ wrap: undefined as undefined | ((h: HnsClient) => HnsClient) }));

// The CLI assembles its own core inside runCli; wrap that backend too, so its HNS calls are counted.
vi.mock('../../electron/ipc/app-core', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../electron/ipc/app-core')>();
  return {
    ...orig,
    createAppCore: (o: Parameters<typeof orig.createAppCore>[0] = {}) =>
      orig.createAppCore({ ...o, wrapHns: (h) => (hook.wrap ? hook.wrap(h) : h) }),
  };
});

const WEB0 = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const API = '8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
const GOOD = { inboundProxyPort: '15006', outboundProxyPort: '15001', userSid: 'S-1-5-18' };

const counter = countingHns();
hook.wrap = counter.wrap;
let core: AppCore;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hcnproxy-bad-'));
  core = await createAppCore({
    backend: 'simulated',
    validateOutput: true,
    journalPath: join(dir, 'journal.jsonl'),
  });
});
afterAll(async () => {
  await core.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => counter.reset());

function expectIssue(error: AppError | undefined, field: string, code: string): void {
  expect(error?.code, JSON.stringify(error)?.slice(0, 300)).toBe('validation');
  const found = error?.issues?.some((i) => i.field === field && i.code === code);
  expect(found, `expected ${field} ${code}, got ${JSON.stringify(error?.issues)?.slice(0, 300)}`).toBe(true);
}

async function route(channel: string, input: unknown): Promise<AppError | undefined> {
  const r = await core.route(channel, input);
  expect(r.ok).toBe(false);
  return r.ok ? undefined : r.error;
}

async function cli(args: string[]): Promise<{ code: number; error: AppError | undefined; stderr: string }> {
  // Globals first: everything after `--` is a positional.
  const { code, stdout, stderr } = await captureCli([
    '--backend',
    'simulated',
    '--json',
    '--journal',
    join(dir, 'cli.jsonl'),
    ...args,
  ]);
  const parsed = stdout ? (JSON.parse(stdout) as { ok?: boolean; error?: AppError }) : {};
  return { code, error: parsed.error, stderr };
}

describe('the corpus', () => {
  it('has at least 80 invalid inputs covering every kind the issue names', () => {
    expect(BAD_POLICIES.length + BAD_ENDPOINT_IDS.length).toBeGreaterThanOrEqual(80);
    const codes = new Set(BAD_POLICIES.map((c) => c.code.split('.')[0]));
    for (const kind of [
      'port',
      'range',
      'list',
      'ip',
      'sid',
      'priority',
      'protocol',
      'exceptions',
      'text',
      'field',
      'policy',
    ]) {
      expect(codes, kind).toContain(kind);
    }
  });

  it('the counting wrapper does count (a valid add through the router and the CLI reaches HNS)', async () => {
    const ok = await core.route('policies.add', { endpointId: API, policy: GOOD });
    expect(ok.ok).toBe(true);
    expect(counter.calls.modifyEndpoint).toBe(1);
    counter.reset();
    const r = await cli(['add', API, '--port=15001', '--usersid=system']);
    expect(r.code, r.stderr).toBe(0);
    expect(counter.total()).toBeGreaterThan(0);
  });
});

describe.each(BAD_POLICIES)('bad policy: $name', (c) => {
  it(`core rejects it: ${c.field} ${c.code}`, () => {
    const r = validateProxyPolicy(c.policy);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toContainEqual(expect.objectContaining({ field: c.field, code: c.code }));
  });

  it('router rejects it on policies.add and policies.applyToMany, with no HNS call', async () => {
    const field = c.field === 'policy' ? 'policy' : `policy.${c.field}`;
    expectIssue(await route('policies.add', { endpointId: WEB0, policy: c.policy }), field, c.code);
    expectIssue(
      await route('policies.applyToMany', { endpointIds: [WEB0, API], policy: c.policy }),
      field,
      c.code,
    );
    expect(counter.calls).toEqual({});
  });

  const flags = c.cli === undefined ? cliFlags(c.policy) : c.cli;
  it.runIf(flags !== null)('CLI rejects it with exit 2, field and code, with no HNS call', async () => {
    for (const targets of [[WEB0], [WEB0, API]]) {
      const r = await cli(['add', ...(flags as string[]), '--', ...targets]);
      expect(r.code, r.stderr).toBe(2);
      expectIssue(r.error, `policy.${c.field}`, c.code);
      expect(r.stderr).toContain(`[${c.code}]`);
    }
    expect(counter.calls).toEqual({});
  });
});

describe.each(BAD_ENDPOINT_IDS)('bad endpoint id: $name', ({ endpointId }) => {
  it('core, router (every endpoint channel) and CLI reject it as guid.format, with no HNS call', async () => {
    expect(validateGuid(endpointId, 'endpointId')).toMatchObject({
      field: 'endpointId',
      code: 'guid.format',
    });

    expectIssue(await route('policies.add', { endpointId, policy: GOOD }), 'endpointId', 'guid.format');
    expectIssue(await route('policies.remove', { endpointId, index: 0 }), 'endpointId', 'guid.format');
    expectIssue(await route('policies.clear', { endpointId }), 'endpointId', 'guid.format');
    expectIssue(await route('endpoints.get', { endpointId }), 'endpointId', 'guid.format');
    expectIssue(await route('diagnostics.endpoint', { endpointId }), 'endpointId', 'guid.format');
    expectIssue(
      await route('policies.applyToMany', { endpointIds: [WEB0, endpointId], policy: GOOD }),
      'endpointIds.1',
      'guid.format',
    );

    for (const [args, field] of [
      [['add', '--port=15001', '--', endpointId], 'endpointId'],
      [['add', '--port=15001', '--', WEB0, endpointId], 'endpointIds.1'],
      [['list', '--', endpointId], 'endpointId'],
      [['clear', '--', endpointId], 'endpointId'],
      [['remove', '--', endpointId, '0'], 'endpointId'],
    ] as const) {
      const r = await cli([...args]);
      expect(r.code, `${args.join(' ').slice(0, 80)}: ${r.stderr.slice(0, 200)}`).toBe(2);
      expectIssue(r.error, field, 'guid.format');
    }
    expect(counter.calls).toEqual({});
  });
});

// Issue 13: what an unprivileged user, a hostile file or a compromised renderer sends the admin process.
describe('attacks on the elevated process', () => {
  it.each(UNC_RUNTIME_ADDRESSES)(
    'window: runtime address %s is refused by field, nothing dialled',
    async (addr) => {
      for (const input of [
        { containerId: 'abc123', runtimeEndpoint: addr },
        { containerId: 'abc123', docker: addr },
      ]) {
        const e = await route('containers.lookup', input);
        expect(e?.code).toBe('validation');
        expect(e?.field).toBe(Object.keys(input)[1]);
        expect(e?.message).toMatch(/local runtime socket on this machine/);
      }
      expect(counter.total()).toBe(0);
    },
  );

  it.each(UNC_RUNTIME_ADDRESSES)('CLI: --runtimeendpoint %s exits 2 naming the flag', async (addr) => {
    const r = await cli(['lookup', 'abc123', '--runtimeendpoint', addr]);
    expect(r.code).toBe(2);
    expect(r.error?.field).toBe('runtimeEndpoint');
    expect(r.stderr).toContain('--runtimeendpoint: ');
    expect(counter.total()).toBe(0);
  });

  it.each(HOSTILE_TEXT)(
    'CLI: a journal id with $name reaches stderr escaped, on one line',
    async ({ text }) => {
      const r = await cli(['restore', text]);
      expect(r.code).not.toBe(0);
      // eslint-disable-next-line no-control-regex -- control characters are what this looks for
      expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      // --json keeps the id exact.
      expect(JSON.stringify(r.error)).toContain(JSON.stringify(text).slice(1, -1));
      expect(counter.total()).toBe(0);
    },
  );
});
