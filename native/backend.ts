import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { BackendKind, HnsClient } from './hns-client';
import { demoState, type HnsState } from './demo-data';
import { SimulatedHns, type SimulatedFaults } from './simulated-hns';
import { parseSnapshot } from './snapshot/parse';
import { persistOnChange, writeStateFile } from './snapshot/persist';

export interface BackendOptions {
  backend?: BackendKind;
  /** A snapshot (any format parseSnapshot reads) seeding the simulator or the fake library. */
  stateFile?: string;
  /** Simulated only: write every change back to `persistFile` (default: stateFile), atomically. */
  persist?: boolean;
  persistFile?: string;
  /** Simulated only: fault injection (see SimulatedFaults). */
  faults?: SimulatedFaults;
  /** windows/fake: HNS calls in flight at once (default 16, env HCNPROXY_HNS_CONCURRENCY). */
  concurrency?: number;
}

export function defaultBackend(): BackendKind {
  const env = process.env.HCNPROXY_BACKEND;
  if (env === 'windows' || env === 'simulated' || env === 'fake') return env;
  return process.platform === 'win32' ? 'windows' : 'simulated';
}

function seedState(options: BackendOptions): { state: HnsState; label: string } {
  if (!options.stateFile) return { state: demoState(), label: 'demo data' };
  const snap = parseSnapshot(readFileSync(options.stateFile), basename(options.stateFile));
  return { state: snap.state, label: basename(options.stateFile) };
}

/**
 * The fake library keeps its state in C: after every successful write, read it all back and save
 * it (the CLI's --persist on the fake backend). Reads are not wrapped.
 */
function persistAfterWrites(hns: HnsClient, file: string, description: string): void {
  const save = async () => {
    const [networks, endpoints, namespaces] = await Promise.all([
      hns.listNetworks(),
      hns.listEndpoints(),
      hns.listNamespaces(),
    ]);
    const version = await hns.getVersion().catch(() => null);
    writeStateFile(file, { networks, endpoints, namespaces, version }, description, 'fake');
  };
  for (const method of [
    'modifyEndpoint',
    'createNetwork',
    'deleteNetwork',
    'createEndpoint',
    'deleteEndpoint',
  ] as const) {
    const original = (hns[method] as (...a: unknown[]) => Promise<unknown>).bind(hns);
    (hns as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const result = await original(...args);
      await save();
      return result;
    };
  }
}

/** Backend choice happens once, here; nothing above HnsClient knows which one it got. */
export async function createBackend(options: BackendOptions = {}): Promise<HnsClient> {
  const kind = options.backend ?? defaultBackend();
  if (kind === 'simulated') {
    const { state, label } = seedState(options);
    const sim = new SimulatedHns(state, {
      description: options.stateFile ? `Simulated HNS seeded from ${label}` : 'Simulated HNS (demo data)',
      ...(options.faults ? { faults: options.faults } : {}),
    });
    const target = options.persistFile ?? (options.persist ? options.stateFile : undefined);
    if (target) persistOnChange(sim, target, options.stateFile ? basename(options.stateFile) : 'demo');
    return sim;
  }
  if (kind === 'fake') {
    // Loaded lazily so the app never pulls test code or compiles C unless asked to.
    const { createFakeHns } = await import('./windows/fake-hns');
    const { state, label } = seedState(options);
    const fake = await createFakeHns({
      state,
      description: `Fake HNS library (${label})`,
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    });
    const target = options.persistFile ?? (options.persist ? options.stateFile : undefined);
    if (target) persistAfterWrites(fake.hns, target, `Fake HNS library (${label})`);
    return fake.hns;
  }
  if (kind === 'windows') {
    const { WindowsHns } = await import('./windows/windows-hns');
    return new WindowsHns(options.concurrency ? { concurrency: options.concurrency } : {});
  }
  throw new Error(`Unknown backend "${String(kind)}"; use windows, simulated or fake.`);
}
