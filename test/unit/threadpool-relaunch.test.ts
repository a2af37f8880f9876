import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import {
  relaunchCommand,
  relaunchNeeded,
  relaunchWithThreadpool,
  type RelaunchDeps,
} from '../../native/windows/threadpool';

// The UV_THREADPOOL_SIZE relaunch (native/windows/threadpool.ts): only on Windows with a libuv that
// reads the variable with the C runtime's getenv (before 1.52.0); the CLI waits for its child, the
// packaged app exits only once its child has started, and a child that cannot start is reported.

const tsxLaunch = createRequire(import.meta.url)('../../bin/tsx-launch.cjs') as {
  relaunchesOnThisRuntime(platform: string, uv: string | undefined): boolean;
};

class FakeChild extends EventEmitter {
  unrefs = 0;
  constructor(readonly pid: number | undefined) {
    super();
  }
  unref() {
    this.unrefs++;
  }
}

const calls: Array<{ file: string; args: string[]; env: NodeJS.ProcessEnv }> = [];
const started: Array<{
  file: string;
  options: { detached?: boolean; stdio?: unknown; env?: NodeJS.ProcessEnv };
}> = [];
const exits: number[] = [];
const warnings: string[] = [];
let child = new FakeChild(4242);

const deps = (over: RelaunchDeps = {}): RelaunchDeps => ({
  platform: 'win32',
  env: { PATH: 'x' },
  startupSize: undefined,
  uvVersion: '1.51.0',
  host: 'cli',
  start: (file, _args, options) => {
    started.push({ file, options: options as (typeof started)[number]['options'] });
    return child;
  },
  run: ((file: string, args: string[], o: { env: NodeJS.ProcessEnv }) => {
    calls.push({ file, args, env: o.env });
    return { status: 3, error: undefined };
  }) as never,
  exit: ((code: number) => void exits.push(code)) as never,
  warn: (t) => void warnings.push(t),
  ...over,
});

afterEach(() => {
  calls.length = started.length = exits.length = warnings.length = 0;
  child = new FakeChild(4242);
});

describe('which runtimes need the relaunch (libuv reads the variable with uv_os_getenv from 1.52.0)', () => {
  it('Windows with libuv before 1.52.0 only; an unreadable version counts as old', () => {
    const cases: Array<[NodeJS.Platform, string | undefined, boolean]> = [
      ['win32', '1.51.0', true], // Node 22.22.2, the standalone exe (measured)
      ['win32', '1.46.0', true],
      ['win32', '0.99.99', true],
      ['win32', '1.52.0', false],
      ['win32', '1.52.1', false], // Node 24.18, Electron 44 and later
      ['win32', '1.100.0', false],
      ['win32', '2.0.0', false],
      ['win32', undefined, true],
      ['win32', 'garbage', true],
      ['linux', '1.51.0', false],
      ['darwin', '1.46.0', false],
    ];
    for (const [platform, uv, want] of cases) {
      expect(relaunchNeeded(platform, uv), `${platform} ${uv}`).toBe(want);
      // bin/tsx-launch.cjs decides before tsx can load threadpool.ts: the same rule.
      expect(tsxLaunch.relaunchesOnThisRuntime(platform, uv), `tsx-launch ${platform} ${uv}`).toBe(want);
    }
  });

  it('no relaunch on Windows when the libuv sees process.env (Electron 45, Node 24)', () => {
    expect(relaunchWithThreadpool(deps({ uvVersion: '1.52.1' }))).toEqual({ handingOver: false });
    expect(relaunchWithThreadpool(deps({ uvVersion: '1.52.1', host: 'app' }))).toEqual({
      handingOver: false,
    });
    expect(calls).toEqual([]);
    expect(started).toEqual([]);
  });
});

describe('the CLI runs itself again and waits', () => {
  it('with UV_THREADPOOL_SIZE and a once-only marker, and exits with its status', () => {
    expect(relaunchWithThreadpool(deps())).toEqual({ handingOver: true });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.env).toMatchObject({
      PATH: 'x',
      UV_THREADPOOL_SIZE: '16',
      HCNPROXY_THREADPOOL_RELAUNCHED: '1',
    });
    expect(exits).toEqual([3]);
  });

  it('not when already relaunched, started with enough threads, run from sources, or off Windows', () => {
    for (const over of [
      { env: { HCNPROXY_THREADPOOL_RELAUNCHED: '1' } },
      { startupSize: '16' },
      { host: 'dev-app' as const },
      { platform: 'linux' as const },
    ])
      expect(relaunchWithThreadpool(deps(over)), JSON.stringify(over)).toEqual({ handingOver: false });
    // Started with fewer threads than HCNPROXY_HNS_CONCURRENCY asks for: relaunch with that many.
    expect(
      relaunchWithThreadpool(deps({ startupSize: '16', env: { HCNPROXY_HNS_CONCURRENCY: '32' } })),
    ).toEqual({
      handingOver: true,
    });
    expect(calls.map((c) => c.env.UV_THREADPOOL_SIZE)).toEqual(['32']);
  });

  it('a child that cannot start is reported on stderr and the CLI carries on', () => {
    const run = (() => ({ status: null, error: new Error('spawn C:\\h.exe EACCES') })) as never;
    const outcome = relaunchWithThreadpool(deps({ run }));
    const failure =
      'could not start itself again with UV_THREADPOOL_SIZE=16 (spawn C:\\h.exe EACCES): ' +
      "carrying on with libuv's default 4 threads, so at most 4 HNS calls at once.";
    expect(outcome).toEqual({ handingOver: false, failure });
    expect(warnings).toEqual([`hcnproxyctl: ${failure}`]);
    expect(exits).toEqual([]);
  });
});

describe('the packaged app hands over only to a child that started', () => {
  it("starts its successor detached and exits on the child's 'spawn' event, not before", () => {
    const outcome = relaunchWithThreadpool(deps({ host: 'app' }));
    expect(outcome).toEqual({ handingOver: true });
    expect(started[0]?.options).toMatchObject({
      detached: true,
      stdio: 'ignore',
      env: { UV_THREADPOOL_SIZE: '16', HCNPROXY_THREADPOOL_RELAUNCHED: '1' },
    });
    expect(exits).toEqual([]);
    child.emit('spawn');
    expect(exits).toEqual([0]);
    expect(child.unrefs).toBe(1);
  });

  it('a child Windows did not create (no pid: the error event follows) leaves this process to start', () => {
    child = new FakeChild(undefined);
    const outcome = relaunchWithThreadpool(deps({ host: 'app' }));
    expect(outcome).toEqual({
      handingOver: false,
      failure: expect.stringContaining('the process was not created'),
    });
    // The 'error' Node emits next is handled (an unhandled one would kill the app).
    expect(() => child.emit('error', new Error('spawn EACCES'))).not.toThrow();
    expect(exits).toEqual([]);
    // The app logs it; there is no console to print to.
    expect(warnings).toEqual([]);
  });

  it('a spawn that throws leaves this process to start, with the reason', () => {
    const start = () => {
      throw new Error('spawn EINVAL');
    };
    expect(relaunchWithThreadpool(deps({ host: 'app', start }))).toEqual({
      handingOver: false,
      failure: expect.stringContaining('(spawn EINVAL)'),
    });
    expect(exits).toEqual([]);
  });

  it('an error after a pid (not expected from Node) is said and exits non-zero: nothing else would start', () => {
    expect(relaunchWithThreadpool(deps({ host: 'app' }))).toEqual({ handingOver: true });
    child.emit('error', new Error('boom'));
    expect(warnings).toEqual([expect.stringContaining('HCN Proxy Control: could not start itself again')]);
    expect(exits).toEqual([1]);
  });
});

it('repeats the command line: node flags and script for node, only the arguments for a SEA exe', () => {
  expect(relaunchCommand(['C:\\node.exe', 'C:\\cli.js', 'list'], ['--no-warnings'], false)).toEqual({
    file: 'C:\\node.exe',
    args: ['--no-warnings', 'C:\\cli.js', 'list'],
  });
  expect(relaunchCommand(['C:\\h.exe', 'C:\\h.exe', 'list', '--json'], [], true)).toEqual({
    file: 'C:\\h.exe',
    args: ['list', '--json'],
  });
});
