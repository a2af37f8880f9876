// `npm run test:stress [-- N]`: runs `npm test` N times (default 5) with a CPU hog beside it, as a
// loaded 2-core machine would, and says which runs failed. Not part of `npm test`: it takes N times
// as long. The hog (`yes > /dev/null`; a Node busy loop where there is no `yes`) is killed at the end,
// on a failure and on Ctrl-C. Each run's output goes to a log file, printed in part when it fails.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const arg = process.argv[2] ?? process.env.STRESS_RUNS ?? '5';
const runs = Number(arg);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`test:stress: the number of runs must be a whole number of at least 1, got "${arg}".`);
  process.exit(2);
}

const win = process.platform === 'win32';
const hasYes = !win && spawnSync('sh', ['-c', 'command -v yes'], { stdio: 'ignore' }).status === 0;
const hog = hasYes
  ? spawn('yes', [], { stdio: 'ignore' }) // stdout 'ignore' is /dev/null
  : spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
const hogName = hasYes ? 'yes > /dev/null' : 'a Node busy loop';
const stopHog = () => {
  if (hog.exitCode === null && hog.signalCode === null) hog.kill('SIGKILL');
};

let current;
/** The run has its own process group (POSIX), so a signal reaches vitest, Chromium and the rest too. */
const stopRun = (signal) => {
  if (!current || current.exitCode !== null) return;
  try {
    if (win) current.kill(signal);
    else process.kill(-current.pid, signal);
  } catch {
    // already gone
  }
};
process.on('exit', () => {
  stopHog();
  stopRun('SIGTERM');
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    stopHog();
    stopRun(signal);
    console.error(`\ntest:stress: stopped by ${signal}; the CPU hog is killed.`);
    process.exit(130);
  });
}

const logDir = mkdtempSync(join(tmpdir(), 'hcnproxy-stress-'));
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };

function npmTest(log) {
  return new Promise((resolve) => {
    const out = createWriteStream(log);
    // npm is npm.cmd on Windows, which Node only spawns through a shell (CVE-2024-27980 fix).
    current = spawn(win ? 'npm.cmd' : 'npm', ['test'], {
      env,
      shell: win,
      detached: !win,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    current.stdout.pipe(out, { end: false });
    current.stderr.pipe(out, { end: false });
    current.on('close', (code, signal) => {
      current = undefined;
      out.end(() => resolve(code ?? (signal ? 128 : 1)));
    });
  });
}

console.log(
  `test:stress: ${runs} × npm test beside a CPU hog (${hogName}, pid ${hog.pid}); logs in ${logDir}`,
);
const results = [];
for (let i = 1; i <= runs; i++) {
  const log = join(logDir, `run-${i}.log`);
  const t0 = Date.now();
  const code = await npmTest(log);
  const seconds = (Date.now() - t0) / 1000;
  results.push({ run: i, ok: code === 0, seconds, log });
  console.log(
    `run ${i}/${runs}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds.toFixed(1)} s`,
  );
  if (code !== 0) {
    const tail = readFileSync(log, 'utf8').split('\n').slice(-40).join('\n');
    console.log(`── last lines of ${log} ──\n${tail}\n──`);
  }
}
stopHog();

const failed = results.filter((r) => !r.ok);
const times = results.map((r) => r.seconds);
console.log(
  `\ntest:stress: ${results.length - failed.length}/${results.length} passed under load; ` +
    `durations ${times.map((t) => t.toFixed(0)).join(', ')} s ` +
    `(min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`,
);
if (failed.length) {
  console.log(`failed runs: ${failed.map((r) => `${r.run} (${r.log})`).join(', ')}`);
  process.exit(1);
}
