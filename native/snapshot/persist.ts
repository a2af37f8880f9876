import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import type { HnsState } from '../demo-data';
import { serializeSnapshot } from './app-format';

/**
 * Writes a file atomically: a crash mid-write leaves the old file, never half a snapshot. The data
 * is flushed before the rename, so a power loss cannot leave a renamed but empty file either.
 */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fd = openSync(tmp, 'w');
    try {
      writeSync(fd, text, null, 'utf8');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function writeStateFile(
  file: string,
  state: HnsState,
  description: string,
  backend = 'simulated',
): void {
  writeFileAtomic(file, serializeSnapshot(state, { source: { backend, description, hostname: hostname() } }));
}

/** Persists every change of a simulator to `file` in the app's snapshot format. */
export function persistOnChange(
  sim: { onChange: ((s: HnsState) => void) | undefined },
  file: string,
  label: string,
): void {
  sim.onChange = (state) => writeStateFile(file, state, `Simulated HNS (${label})`);
}
