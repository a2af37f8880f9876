import { hostname } from 'node:os';
import { writeFileAtomicSync } from '../../electron/base/fs/atomic-write';
import type { HnsState } from '../demo-data';
import { serializeSnapshot } from './app-format';

export function writeStateFile(
  file: string,
  state: HnsState,
  description: string,
  backend = 'simulated',
): void {
  writeFileAtomicSync(
    file,
    serializeSnapshot(state, { source: { backend, description, hostname: hostname() } }),
  );
}

/** Persists every change of a simulator to `file` in the app's snapshot format. */
export function persistOnChange(
  sim: { onChange: ((s: HnsState) => void) | undefined },
  file: string,
  label: string,
): void {
  sim.onChange = (state) => writeStateFile(file, state, `Simulated HNS (${label})`);
}
