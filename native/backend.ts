import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { BackendKind, HnsClient } from './hns-client';
import { demoState } from './demo-data';
import { SimulatedHns } from './simulated-hns';
import { parseSnapshot } from './snapshot/parse';

export interface BackendOptions {
  backend?: BackendKind;
  /** A snapshot seeding the simulator (or the fake library). */
  stateFile?: string;
}

export function defaultBackend(): BackendKind {
  const env = process.env.HCNPROXY_BACKEND;
  if (env === 'windows' || env === 'simulated' || env === 'fake') return env;
  return process.platform === 'win32' ? 'windows' : 'simulated';
}

/** Backend choice happens once, here; nothing above HnsClient knows which one it got. */
export async function createBackend(options: BackendOptions = {}): Promise<HnsClient> {
  const kind = options.backend ?? defaultBackend();
  if (kind === 'simulated') {
    if (!options.stateFile) return new SimulatedHns(demoState(), 'Simulated HNS (demo data)');
    const snap = parseSnapshot(readFileSync(options.stateFile), basename(options.stateFile));
    return new SimulatedHns(snap.state, `Simulated HNS seeded from ${basename(options.stateFile)}`);
  }
  throw new Error(`Backend "${kind}" is not available in this build.`);
}
