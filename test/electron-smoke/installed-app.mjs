// `node test/electron-smoke/installed-app.mjs "<installed exe>"`: the installed app's main process
// starts, shows its window and answers an IPC call — with no one at the screen. Run by the Windows
// workflow after `msiexec /i`.
//
// Playwright's _electron cannot attach to the packaged exe (its fuses turn the Node inspector off, on
// purpose), but Chromium's own --remote-debugging-port is no Node switch: the DevTools endpoint is
// served by the main (browser) process, and through it the page calls the preload API, whose
// ipcRenderer.invoke is answered by main's router. The job runs elevated, so the exe (manifest:
// requireAdministrator) starts directly and no restart drops the switch (elevation.ts ownArgs).
// Exits 0 when main answered hns.info; 1 with the reason otherwise. Waits for conditions, with one
// overall deadline for a slow runner, never for a fixed pause.
import { spawn } from 'node:child_process';
import { chromium } from 'playwright-core';

const exe = process.argv[2];
const PORT = 9333;
const DEADLINE_MS = 180_000;

function fail(message) {
  console.error(`✗ installed app: ${message}`);
  process.exitCode = 1;
}

async function until(what, probe) {
  const end = Date.now() + DEADLINE_MS;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > end) throw new Error(`${what} within ${DEADLINE_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function main() {
  if (!exe)
    throw new Error('usage: node test/electron-smoke/installed-app.mjs "<path of HCN Proxy Control.exe>"');
  const child = spawn(exe, [`--remote-debugging-port=${PORT}`], { stdio: 'ignore' });
  let exited;
  child.once('exit', (code) => (exited = code));
  child.once('error', (e) => (exited = e.message));
  try {
    const version = await until('no DevTools endpoint from the main process', async () => {
      // Exit status 0 is a hand-over (the thread-pool relaunch starts a successor with the same
      // arguments and quits): the successor answers on the port. Anything else is a failed start.
      if (exited !== undefined && exited !== 0)
        throw new Error(`the app exited (${exited}) before answering`);
      const r = await fetch(`http://127.0.0.1:${PORT}/json/version`);
      return r.ok ? r.json() : undefined;
    });
    console.log(`main process answers: ${version.Browser}`);
    const browser = await chromium.connectOverCDP(`http://127.0.0.1:${PORT}`);
    const page = await until('no window at app://hcnproxy/index.html', async () =>
      browser
        .contexts()
        .flatMap((c) => c.pages())
        .find((p) => p.url() === 'app://hcnproxy/index.html'),
    );
    await page.waitForLoadState('domcontentloaded');
    console.log(`window: ${page.url()} "${await page.title()}"`);
    // Through the preload's contextBridge API to main's router (ipcMain.handle), on the default
    // backend — the real HNS of this runner.
    const info = await page.evaluate(() => globalThis.hcnproxy.hns.info({}));
    console.log(`hns.info answered by main: ${JSON.stringify(info)}`);
    if (info?.ok !== true || info.value?.backend !== 'windows')
      fail(`hns.info did not answer from the windows backend: ${JSON.stringify(info)}`);
    await browser.close().catch(() => undefined);
  } finally {
    if (exited === undefined) child.kill();
  }
}

main().then(
  () => {
    if (!process.exitCode) console.log('✓ installed app started and answered');
  },
  (e) => fail(e instanceof Error ? e.message : String(e)),
);
