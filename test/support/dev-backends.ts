import { persistTarget, seedState, type BackendOptions, type BackendRegistry } from '../../native/backend';
import { HNS_CLIENT_METHODS, type HnsClient, type HnsMethod } from '../../native/hns-client';
import { writeStateFile } from '../../native/snapshot/persist';
import { createFakeHns } from './fake-hns';

// Backends that exist only in a source checkout: createBackend({ extraBackends: DEV_BACKENDS })
// from the source-run CLI (scripts/cli-source.ts), the harness (test/harness) and the tests. The
// packaged app and the bin never import this file, so the fake library (compiled from test/fixtures
// with the machine's C compiler) cannot be reached from them.

/**
 * The fake library keeps its state in C: after every successful write, read it all back and save
 * it (--persist on the fake backend). Reads are not wrapped.
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
  const writes = Object.entries(HNS_CLIENT_METHODS).flatMap(([m, effect]) =>
    effect === 'change' ? [m as HnsMethod] : [],
  );
  for (const method of writes) {
    const original = (hns[method] as (...a: unknown[]) => Promise<unknown>).bind(hns);
    (hns as unknown as Record<string, unknown>)[method] = async (...args: unknown[]) => {
      const result = await original(...args);
      await save();
      return result;
    };
  }
}

/** The real WindowsHns (koffi) over the fake computenetwork library, seeded like the simulator. */
async function createFakeBackend(options: BackendOptions): Promise<HnsClient> {
  const { state, label } = seedState(options);
  const fake = await createFakeHns({
    state,
    description: `Fake HNS library (${label})`,
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
  });
  const target = persistTarget(options);
  if (target) persistAfterWrites(fake.hns, target, `Fake HNS library (${label})`);
  return fake.hns;
}

export const DEV_BACKENDS: BackendRegistry = { fake: createFakeBackend };
