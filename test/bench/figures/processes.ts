import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// Process-level measurements the cli and agent figures share: wall time of a whole command and the
// resident memory of a process, from outside it.

export const ROOT = join(__dirname, '..', '..', '..');
const MAX_RSS = join(__dirname, 'max-rss.cjs');
export const MB = 1024 * 1024;

/** Runs `node ARGS` to completion and returns its wall time in ms (from spawn to exit); throws on failure. */
export function timeNode(args: string[], options: SpawnSyncOptions = {}): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], ...options });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0)
    throw new Error(
      `node ${args.join(' ')} exited with ${r.status}: ${String(r.stderr ?? r.error?.message)}`,
    );
  return ms;
}

/** Runs `node ARGS` to completion and returns its peak resident memory in MB (max-rss.cjs preloaded). */
export function peakRssMb(args: string[], scratch: string, env: NodeJS.ProcessEnv = process.env): number {
  const out = join(scratch, `max-rss-${process.hrtime.bigint()}.txt`);
  timeNode(['--require', MAX_RSS, ...args], { env: { ...env, MAX_RSS_OUT: out } });
  return Number(readFileSync(out, 'utf8')) / MB;
}

/** The resident memory of a running process in MB: /proc on Linux, `ps` elsewhere (not Windows). */
export function currentRssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    if (kb) return Number(kb[1]) / 1024;
  } catch {
    // no /proc: ask ps
  }
  const r = spawnSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' });
  const kb = Number(r.stdout.trim());
  if (r.status !== 0 || !Number.isFinite(kb) || kb <= 0)
    throw new Error(
      `could not read the resident memory of process ${pid} (no /proc, and ps said ${r.stderr || r.stdout})`,
    );
  return kb / 1024;
}
