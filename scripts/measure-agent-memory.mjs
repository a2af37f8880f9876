// The agent's memory, for the HostProcess DaemonSet's job-wide limit (scripts/gen-k8s-manifests.ts):
//   node scripts/measure-agent-memory.mjs
// Linux only (it reads /proc/PID/status). It runs the standalone exe's own bundle (scripts/dist-cli.mjs
// bundleCli) on Linux node of node.exe's exact version, as `serve --stdio` on a simulated node:
//   - idle: resident set (VmRSS) after the handshake;
//   - peak: VmHWM after 100 requests over five channels, 20 at a time;
//   - relaunch parent: on Windows the exe starts itself again with UV_THREADPOOL_SIZE set and waits for
//     that child (native/windows/threadpool.ts). A copy of the bundle with process.platform defined as
//     win32 does exactly that here; its parent's VmRSS while it waits is the second process's cost.
// A Windows job limit counts committed memory, not a Linux resident set: the manifest adds a margin.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCli } from './dist-cli.mjs';
import { ensureLinuxNode } from '../test/wine/wine.mjs';

const CHANNELS = ['endpoints.list', 'diagnostics.all', 'journal.list', 'hns.info', 'settings.get'];

/** MB from /proc/PID/status (VmRSS now, VmHWM the peak). */
function mb(pid, key) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${key}:`));
  const kb = Number(/(\d+) kB/.exec(line ?? '')?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no ${key} for ${pid}`);
  return kb / 1024;
}

/** `serve --stdio` of `bundle`, with a line reader: next() resolves with the next message. */
function agent(node, bundle, work) {
  const child = spawn(node, [bundle, 'serve', '--stdio', '--backend', 'simulated'], {
    env: {
      PATH: process.env.PATH,
      HOME: mkdtempSync(join(work, 'home-')),
      HCNPROXY_DATA_DIR: mkdtempSync(join(work, 'data-')),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const waiting = [];
  let buf = '';
  child.stdout.on('data', (d) => {
    buf += d;
    for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      waiting.shift()?.(JSON.parse(line));
    }
  });
  const next = () => new Promise((r) => waiting.push(r));
  return { child, next, send: (o) => child.stdin.write(JSON.stringify(o) + '\n') };
}

/** Resolves once `pid` has a child process (the relaunch started it). */
async function childOf(pid) {
  for (;;) {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    if (kids) return kids.split(' ').map(Number);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main() {
  if (process.platform !== 'linux') throw new Error('Linux only: it reads /proc');
  const node = ensureLinuxNode();
  const work = mkdtempSync(join(tmpdir(), 'hcn-agent-mem-'));
  try {
    const bundle = join(work, 'hcnproxyctl.cjs');
    const win32 = join(work, 'hcnproxyctl-win32.cjs');
    await bundleCli(bundle);
    await bundleCli(win32, { define: { 'process.platform': '"win32"' } });

    const a = agent(node, bundle, work);
    await a.next(); // the handshake
    const idle = mb(a.child.pid, 'VmRSS');
    let id = 0;
    for (let round = 0; round < 5; round++) {
      const answers = [];
      for (const channel of CHANNELS)
        for (let k = 0; k < 4; k++) {
          a.send({ id: `m-${id++}`, channel, input: {} });
          answers.push(a.next());
        }
      const failed = (await Promise.all(answers)).filter((m) => !m.result?.ok);
      if (failed.length) throw new Error(`agent answered with errors: ${JSON.stringify(failed[0])}`);
    }
    const peak = mb(a.child.pid, 'VmHWM');
    a.child.stdin.end();

    const p = agent(node, win32, work);
    const kids = await childOf(p.child.pid);
    const parent = mb(p.child.pid, 'VmRSS');
    p.child.kill();
    for (const k of kids) process.kill(k);

    const session = peak + parent;
    process.stdout.write(
      `node ${node}\n` +
        `serve --stdio idle ${idle.toFixed(0)} MB, peak ${peak.toFixed(0)} MB (${id} requests)\n` +
        `relaunch parent ${parent.toFixed(0)} MB\n` +
        `one exec session ${session.toFixed(0)} MB, two ${(2 * session).toFixed(0)} MB\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`measure-agent-memory: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
