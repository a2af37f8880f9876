import { renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { HnsState } from '../demo-data';
import { serializeSnapshot } from './app-format';

/** Writes a file atomically: a crash mid-write leaves the old file, never half a snapshot. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, text, 'utf8');
  renameSync(tmp, file);
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
