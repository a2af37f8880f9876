import { RAW_MODIFY_METHOD, type HnsClient } from '../../native/hns-client';
import { HnsError } from '../../native/hns-error';
import { sameGuid } from '../../native/hns-json';
import { interceptHns } from '../support/intercept-hns';

// Test-only fault injection for the browser harness: e2e tests say "HcnModifyEndpoint on endpoint X
// fails with HRESULT H" (the bulk-apply flow needs exactly one failing endpoint, deterministic
// whatever order the service runs them in). Generic knobs (failNth, latency) go to the simulator's
// own setFaults when the backend has it (its `id` targets one object, as failModifyFor does).

export interface HarnessFaults {
  /** Endpoint ids whose HcnModifyEndpoint fails. */
  failModifyFor?: string[];
  /** HRESULT for those failures; default HCN_E_ENDPOINT_NOT_ATTACHED-like E_ACCESSDENIED 0x80070005. */
  hresult?: number;
  /** Endpoint ids whose HcnModifyEndpoint returns S_OK and changes nothing (hcsshim#2571). */
  ignoreModifyFor?: string[];
  /** Passed to SimulatedHns.setFaults as is ({operation, id, failNth, hresult, latencyMs}). */
  simulator?: Record<string, unknown>;
}

export interface FaultyHns extends HnsClient {
  setHarnessFaults(f: HarnessFaults): void;
}

/** Wraps a backend; everything but the faulted modifyEndpoint calls passes straight through. */
export function withFaults(inner: HnsClient): FaultyHns {
  let faults: HarnessFaults = {};
  // Both doors to HcnModifyEndpoint (the typed request and the raw settings string) take the faults.
  const modifies = new Set<string>(['modifyEndpoint', RAW_MODIFY_METHOD]);
  return interceptHns(
    inner,
    (method, args, call) => {
      const id = args[0] as string;
      if (!modifies.has(method)) return call(...args);
      if (faults.failModifyFor?.some((f) => sameGuid(f, id))) {
        const hr = faults.hresult ?? 0x80070005;
        return Promise.reject(
          new HnsError(
            'HcnModifyEndpoint',
            hr,
            JSON.stringify({ Success: false, Error: 'Injected by the test harness.', ErrorCode: hr >>> 0 }),
          ),
        );
      }
      if (faults.ignoreModifyFor?.some((f) => sameGuid(f, id))) return Promise.resolve();
      return call(...args);
    },
    {
      setHarnessFaults: (f: HarnessFaults) => {
        faults = f;
        const sim = inner as unknown as { setFaults?: (x: unknown) => void };
        if (sim.setFaults) sim.setFaults(f.simulator ?? {});
      },
    },
  );
}
