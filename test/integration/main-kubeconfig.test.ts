// Electron main, built as it boots (electron mocked as in test/unit/main-boot.test.ts, the real app
// core behind it), with a KUBECONFIG whose user is an exec credential plugin that leaves a marker file.
// The kubeconfig belongs to the un-elevated user; the process reading it may be elevated. So the
// plugin must not run at start, on nodes.list, or after the user refused the confirmation that names
// it; it runs only once the user agreed (the control that shows the marker would appear).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../electron/base/app-error';
import type { NodeInfo } from '../../electron/ipc/fleet-schema';
import { startFakeKube, type FakeKube } from '../support/fake-kube-apiserver';

const m = vi.hoisted(() => ({
  windows: [] as Array<{ loadURL: ReturnType<typeof import('vitest').vi.fn>; webContents: unknown }>,
  handles: new Map<string, (event: unknown, input: unknown) => Promise<unknown>>(),
  questions: [] as Array<{ title?: string; message?: string; detail?: string; buttons?: string[] }>,
  /** 0: the action button; 1: Cancel. */
  response: 1,
}));

vi.mock('electron', async () => {
  const { FakeEmitter, FakeSession } = await import('../support/electron-fakes');
  const app = Object.assign(new FakeEmitter(), {
    requestSingleInstanceLock: vi.fn(() => true),
    releaseSingleInstanceLock: vi.fn(),
    enableSandbox: vi.fn(),
    whenReady: vi.fn(async () => undefined),
    quit: vi.fn(),
    exit: vi.fn(),
    isPackaged: true,
    getVersion: () => '9.9.9',
    getPath: (name: string) => join(process.env.HCN_TEST_MAIN_DIR as string, name),
  });
  class BrowserWindow extends FakeEmitter {
    loadURL = vi.fn(async () => undefined);
    show = vi.fn();
    isDestroyed = () => false;
    webContents = { mainFrame: { url: 'app://hcnproxy/index.html', parent: null } };
    constructor() {
      super();
      m.windows.push(this);
    }
  }
  const showMessageBox = vi.fn(async (...args: unknown[]) => {
    m.questions.push(args.at(-1) as (typeof m.questions)[number]);
    return { response: m.response, checkboxChecked: false };
  });
  return {
    app,
    BrowserWindow,
    dialog: { showErrorBox: vi.fn(), showMessageBox },
    ipcMain: {
      handle: vi.fn((ch: string, h: (event: unknown, input: unknown) => Promise<unknown>) =>
        m.handles.set(ch, h),
      ),
      removeHandler: vi.fn(),
      on: vi.fn(),
    },
    Menu: { setApplicationMenu: vi.fn() },
    protocol: { registerSchemesAsPrivileged: vi.fn() },
    session: { defaultSession: new FakeSession() },
  };
});
vi.mock('electron-log/node', () => ({
  default: { info: vi.fn(), warn: vi.fn(), error: vi.fn(), transports: { file: {} } },
}));
// On a Windows runner detectElevation would really ask shell32.
vi.mock('../../electron/main/elevation', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../electron/main/elevation')>()),
  loadShell32: async () => ({ isUserAnAdmin: () => true, shellExecute: async () => 0 }),
}));

const TOKEN = 'plugin-token-0123456789';
let dir: string;
let kube: FakeKube;
let marker: string;
const saved = { ...process.env };
const argv = process.argv;

/** The window's call, as the preload sends it (from the app's own top-level frame). */
async function call<T>(channel: string, input: unknown = {}): Promise<Result<T>> {
  const handler = m.handles.get(`hcnproxy:${channel}`);
  if (!handler) throw new Error(`no handler for ${channel}`);
  const win = m.windows[0] as { webContents: { mainFrame: unknown } };
  return (await handler({ senderFrame: win.webContents.mainFrame }, input)) as Result<T>;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hcn-main-kube-'));
  marker = join(dir, 'exec-plugin-ran');
  kube = await startFakeKube({
    token: TOKEN,
    nodes: [{ name: 'win-1', os: 'windows' }],
    pods: [],
    protocols: ['v5.channel.k8s.io'],
    onExec: () => undefined,
  });
  // The cluster from the fake server's own kubeconfig, the user replaced by an exec plugin (node
  // itself, so it runs on every platform) that leaves the marker and hands out the token.
  const plugin = [
    `require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');`,
    `process.stdout.write(JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1beta1', kind: 'ExecCredential', status: { token: ${JSON.stringify(TOKEN)} } }));`,
  ].join(' ');
  const base = kube.writeKubeconfig('base');
  const text = readFileSync(base, 'utf8').replace(
    /users:\n- name: admin\n {2}user:\n {4}token: .*\n/,
    [
      'users:',
      '- name: admin',
      '  user:',
      '    exec:',
      '      apiVersion: client.authentication.k8s.io/v1beta1',
      `      command: ${JSON.stringify(process.execPath)}`,
      '      args:',
      '      - -e',
      `      - ${JSON.stringify(plugin)}`,
      '      interactiveMode: Never',
      '',
    ].join('\n'),
  );
  expect(text).toContain('exec:');
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, text);
  process.env.KUBECONFIG = kubeconfig;
  process.env.HCN_TEST_MAIN_DIR = dir;
  process.env.HCNPROXY_JOURNAL = join(dir, 'journal.jsonl');
  process.argv = [argv[0]!, 'main', '--backend', 'simulated'];
  await import('../../electron/main/index');
  await vi.waitFor(() => expect(m.windows[0]?.loadURL).toHaveBeenCalled(), { timeout: 60_000 });
}, 120_000);

afterAll(async () => {
  process.argv = argv;
  for (const k of ['KUBECONFIG', 'HCN_TEST_MAIN_DIR', 'HCNPROXY_JOURNAL'])
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  await kube?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the kubeconfig exec plugin of an elevated main process', { timeout: 120_000 }, () => {
  it('does not run at start, nor for nodes.list', async () => {
    expect(existsSync(marker)).toBe(false);
    const list = await call<NodeInfo[]>('nodes.list');
    expect(list.ok && list.value.map((n) => n.kind)).toEqual(['local']);
    expect(existsSync(marker)).toBe(false);
    expect(kube.requests).toEqual([]);
    expect(m.questions).toEqual([]);
  });

  it('does not run when the native confirmation naming it is refused', async () => {
    m.response = 1;
    const r = await call('nodes.discover');
    expect(r.ok ? null : r.error.code).toBe('request-cancelled');
    expect(m.questions).toHaveLength(1);
    expect(m.questions[0]).toMatchObject({
      title: 'Use your kubeconfig to find Windows nodes?',
      buttons: ['Find nodes', 'Cancel'],
    });
    expect(m.questions[0]!.detail).toContain(`runs \`${process.execPath} -e `);
    expect(existsSync(marker)).toBe(false);
    expect(kube.requests).toEqual([]);
  });

  it('runs once the user agreed (the control: the marker does show a run); the node found is not connected', async () => {
    m.response = 0;
    const r = await call<NodeInfo[]>('nodes.discover');
    expect(r.ok && r.value.map((n) => [n.id, n.status])).toEqual([
      ['local', 'connected'],
      ['k8s://win-1', 'idle'],
    ]);
    expect(existsSync(marker)).toBe(true);
    expect(kube.execs).toHaveLength(0);
  });
});
