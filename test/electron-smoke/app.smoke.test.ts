// Smoke test of the real app: launches Electron on the built out/ (electron-vite build) with the
// simulated backend and checks, from outside, what the unit tests check with electron mocked.
// The packaged exe cannot be driven this way on purpose: its fuses turn off the inspector flags
// Playwright needs. Run: npx vitest run --config test/electron-smoke/vitest.config.mts
//
// It cannot run on the Linux dev box: it needs the Electron binary, which is not downloaded there
// (ELECTRON_SKIP_BINARY_DOWNLOAD=1) and cannot be; .github/workflows/windows.yml runs it after fetching
// the binary. Here it is only type-checked (test/tsconfig.json) and linted. So it waits for conditions,
// never for a fixed time: a hosted runner may be slow, and a pause would either flake or hide nothing.
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');
const SHOTS = join(ROOT, 'test-results', 'electron-smoke');
const require = createRequire(import.meta.url);

let app: ElectronApplication;
let page: Page;

beforeAll(async () => {
  // In Node, require('electron') is the path of the downloaded binary.
  const executablePath = require('electron') as unknown as string;
  app = await _electron.launch({
    executablePath,
    args: [ROOT, '--backend=simulated'],
    cwd: ROOT,
    env: { ...process.env, HCNPROXY_BACKEND: 'simulated', ELECTRON_ENABLE_LOGGING: '1' },
    timeout: 120_000,
  });
  page = await app.firstWindow();
  await page.waitForLoadState('domcontentloaded');
});

afterAll(async () => {
  await app?.close();
});

describe('the Electron app', () => {
  it('loads the packaged renderer from app://hcnproxy, in an OS-sandboxed renderer process', async () => {
    expect(page.url()).toBe('app://hcnproxy/index.html');
    expect(await page.title()).toMatch(/HCN Proxy Control/);
    // The webPreferences themselves are asserted in test/unit/main-window.test.ts (Electron has no
    // public getter); here the effect is checked: ProcessMetric.sandboxed is reported on Windows/macOS.
    const tabs = await app.evaluate(({ app: a }) =>
      a
        .getAppMetrics()
        .filter((m) => m.type === 'Tab')
        .map((m) => m.sandboxed),
    );
    expect(tabs.length).toBeGreaterThan(0);
    if (process.platform === 'win32' || process.platform === 'darwin')
      expect(tabs.every((s) => s === true)).toBe(true);
  });

  it('gives the page window.hcnproxy and nothing of Node or ipcRenderer', async () => {
    const seen = await page.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      return {
        api: typeof w.hcnproxy,
        require: typeof w.require,
        process: typeof w.process,
        ipcRenderer: 'ipcRenderer' in w,
        electron: 'electron' in w,
      };
    });
    expect(seen).toEqual({
      api: 'object',
      require: 'undefined',
      process: 'undefined',
      ipcRenderer: false,
      electron: false,
    });
  });

  it('answers typed results over IPC, validated in main', async () => {
    const info = await page.evaluate(() =>
      (window as unknown as { hcnproxy: { hns: { info(i: object): Promise<unknown> } } }).hcnproxy.hns.info(
        {},
      ),
    );
    expect(info).toMatchObject({ ok: true, value: { backend: 'simulated' } });
    const bad = await page.evaluate(() =>
      (
        window as unknown as { hcnproxy: { policies: { add(i: object): Promise<unknown> } } }
      ).hcnproxy.policies.add({ endpointId: 'nope', policy: {} }),
    );
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation' } });
  });

  it('sends the CSP header with the app files', async () => {
    const csp = await page.evaluate(async () =>
      (await fetch('app://hcnproxy/index.html')).headers.get('content-security-policy'),
    );
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
  });

  it('denies window.open and navigation away from the app', async () => {
    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    expect(opened).toBe(true);
    expect(app.windows()).toHaveLength(1);
    // The condition: main has seen the navigation (will-navigate fired; the security handler, registered
    // first at web-contents-created, has refused it by then). 30 s is a guard for a slow runner only.
    await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      (globalThis as { smokeNavigation?: Promise<string> }).smokeNavigation = new Promise<string>(
        (resolve, reject) => {
          if (!contents) return reject(new Error('no window'));
          const guard = setTimeout(() => reject(new Error('no will-navigate within 30 s')), 30_000);
          contents.once('will-navigate', (_event, url) => {
            clearTimeout(guard);
            resolve(url);
          });
        },
      );
    });
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    const attempted = await app.evaluate(
      () => (globalThis as { smokeNavigation?: Promise<string> }).smokeNavigation,
    );
    expect(attempted).toBe('https://example.com/');
    expect(page.url()).toBe('app://hcnproxy/index.html');
    expect(await page.evaluate(() => location.href)).toBe('app://hcnproxy/index.html');
  });

  it('shows the simulated endpoints', async () => {
    await page.getByText('web-0_eth0').first().waitFor({ timeout: 30_000 });
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'main-window.png') });
  });

  it('copies an endpoint id to the clipboard (the one permission main grants, to the app frame only)', async () => {
    const copy = page.getByRole('button', { name: /^Copy endpoint id / }).first();
    const id = ((await copy.getAttribute('aria-label')) ?? '').replace(/^Copy endpoint id /, '');
    expect(id).toMatch(/^[0-9a-f-]{36}$/i);
    await copy.click();
    await expect.poll(() => app.evaluate(({ clipboard }) => clipboard.readText())).toBe(id);
  });
});
