import { hostname } from 'node:os';
import { writeFileAtomicSync } from '../../electron/base/fs/atomic-write';
import type { HnsState } from '../demo-data';
import { serializeSnapshot } from './app-format';
import { versionProvenance } from './parse';

export function writeStateFile(
  file: string,
  state: HnsState,
  description: string,
  backend = 'simulated',
  versionNote?: string,
): void {
  const hnsVersion = versionProvenance(versionNote);
  writeFileAtomicSync(
    file,
    serializeSnapshot(state, {
      source: { backend, description, hostname: hostname() },
      ...(hnsVersion ? { hnsVersion } : {}),
    }),
  );
}

/** Persists every change of a simulator to `file` in the app's snapshot format. */
export function persistOnChange(
  sim: { onChange: ((s: HnsState) => void) | undefined; readonly versionNote?: string | undefined },
  file: string,
  label: string,
): void {
  // An inferred or user-set HNS version is saved as such, never as if HNS had reported it.
  sim.onChange = (state) =>
    writeStateFile(file, state, `Simulated HNS (${label})`, 'simulated', sim.versionNote);
}
