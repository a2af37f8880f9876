import { READ_LIMITS, readLimitedSync } from '../electron/base/fs/read-limited';
import { basename } from 'node:path';
import type { HnsClient } from './hns-client';
import type { HnsVersion } from './hns-json';
import { demoState, type HnsState } from './demo-data';
import { SimulatedHns, type SimulatedFaults } from './simulated-hns';
import { applyVersionOverride, parseSnapshot } from './snapshot/parse';
import { persistOnChange } from './snapshot/persist';

export interface BackendOptions {
  /** windows, simulated, or the name of a backend in `extraBackends`. */
  backend?: string;
  /** A snapshot (any format parseSnapshot reads) seeding the simulator or the fake library. */
  stateFile?: string;
  /** Write every change back to `persistFile` (default: stateFile), atomically. */
  persist?: boolean;
  persistFile?: string;
  /** Simulated only: fault injection (see SimulatedFaults). */
  faults?: SimulatedFaults;
  /** windows/fake: HNS calls in flight at once (default 16, env HCNPROXY_HNS_CONCURRENCY). */
  concurrency?: number;
  /**
   * Backends beyond the two the app ships. Source checkouts register the fake one (koffi + the C
   * library compiled from test/fixtures: test/support/dev-backends.ts) from the source-run CLI, the
   * harness and the tests; the packaged app and the bin never do, so they contain no test code.
   */
  extraBackends?: BackendRegistry;
  /** The HNS version to assume for a --state snapshot (CLI --hns-version), over what the file says. */
  hnsVersion?: HnsVersion;
  /** Told what the snapshot loader noticed (skipped lines, truncated values), so the CLI can print it. */
  onSnapshotWarnings?: (warnings: string[]) => void;
}

export type BackendFactory = (options: BackendOptions) => Promise<HnsClient>;
export type BackendRegistry = Readonly<Record<string, BackendFactory>>;

const BUILT_IN = ['windows', 'simulated'] as const;

/** The backend names this process accepts: the two built in, then the registered ones. */
export function knownBackends(extra: BackendRegistry = {}): string[] {
  return [...BUILT_IN, ...Object.keys(extra).filter((k) => !(BUILT_IN as readonly string[]).includes(k))];
}

/** Why a backend name is refused; names the source-checkout route for the fake one. */
export function unknownBackendMessage(name: string, extra: BackendRegistry = {}): string {
  const known = knownBackends(extra);
  const list = `${known.slice(0, -1).join(', ')} and ${known[known.length - 1]}`;
  const hint =
    name === 'fake'
      ? ' The fake backend (koffi + the test C library) is test code and exists only in a source ' +
        'checkout: `npm run cli -- --backend fake …` or `npm run web -- --backend fake`.'
      : '';
  return `Unknown backend "${name}": this build knows ${list}.${hint}`;
}

/** HCNPROXY_BACKEND when set (an unknown name is refused, not ignored), else the platform's. */
export function defaultBackend(extra: BackendRegistry = {}): string {
  const env = process.env.HCNPROXY_BACKEND;
  if (env) {
    if (!knownBackends(extra).includes(env))
      throw new Error(`HCNPROXY_BACKEND: ${unknownBackendMessage(env, extra)}`);
    return env;
  }
  return process.platform === 'win32' ? 'windows' : 'simulated';
}

/** The state a simulated (or registered) backend starts from: the --state snapshot, else demo data. */
export function seedState(options: BackendOptions): { state: HnsState; label: string; versionNote?: string } {
  if (!options.stateFile) return { state: demoState(), label: 'demo data' };
  const bytes = readLimitedSync(options.stateFile, { what: 'state file', maxBytes: READ_LIMITS.state });
  const snap = applyVersionOverride(
    parseSnapshot(bytes, basename(options.stateFile)),
    options.hnsVersion,
    '--hns-version',
  );
  if (snap.warnings.length) options.onSnapshotWarnings?.(snap.warnings);
  const label = basename(options.stateFile);
  return snap.versionNote
    ? { state: snap.state, label, versionNote: snap.versionNote }
    : { state: snap.state, label };
}

/** Where --persist writes: persistFile, else the stateFile when persist is set. */
export function persistTarget(options: BackendOptions): string | undefined {
  return options.persistFile ?? (options.persist ? options.stateFile : undefined);
}

/** Backend choice happens once, here; nothing above HnsClient knows which one it got. */
export async function createBackend(options: BackendOptions = {}): Promise<HnsClient> {
  const extra = options.extraBackends ?? {};
  const kind = options.backend ?? defaultBackend(extra);
  if (kind === 'simulated') {
    const { state, label, versionNote } = seedState(options);
    const sim = new SimulatedHns(state, {
      description: options.stateFile ? `Simulated HNS seeded from ${label}` : 'Simulated HNS (demo data)',
      ...(versionNote ? { versionNote } : {}),
      ...(options.faults ? { faults: options.faults } : {}),
    });
    const target = persistTarget(options);
    if (target) persistOnChange(sim, target, options.stateFile ? basename(options.stateFile) : 'demo');
    return sim;
  }
  if (kind === 'windows') {
    const { WindowsHns } = await import('./windows/windows-hns');
    return new WindowsHns(options.concurrency ? { concurrency: options.concurrency } : {});
  }
  const factory = Object.hasOwn(extra, kind) ? extra[kind] : undefined;
  if (!factory) throw new Error(unknownBackendMessage(kind, extra));
  return factory(options);
}
