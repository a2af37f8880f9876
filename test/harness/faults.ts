import { HNS_CLIENT_METHODS, RAW_MODIFY_METHOD, type HnsClient } from '../../native/hns-client';
import { HnsError } from '../../native/hns-error';
import { sameGuid, type ModifyEndpointPolicyRequest } from '../../native/hns-json';

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
  const wrapper = Object.create(inner) as FaultyHns;
  Object.defineProperties(wrapper, {
    kind: { get: () => inner.kind },
    description: { get: () => inner.description },
  });
  for (const k of [...Object.keys(HNS_CLIENT_METHODS), RAW_MODIFY_METHOD, 'close']) {
    const fn = (inner as unknown as Record<string, unknown>)[k];
    if (typeof fn === 'function') (wrapper as unknown as Record<string, unknown>)[k] = fn.bind(inner);
  }
  // Both doors to HcnModifyEndpoint (the typed request and the raw settings string) take the faults.
  const faulted =
    <A extends unknown[]>(send: (id: string, ...rest: A) => Promise<void>) =>
    async (id: string, ...rest: A): Promise<void> => {
      if (faults.failModifyFor?.some((f) => sameGuid(f, id))) {
        const hr = faults.hresult ?? 0x80070005;
        throw new HnsError(
          'HcnModifyEndpoint',
          hr,
          JSON.stringify({ Success: false, Error: 'Injected by the test harness.', ErrorCode: hr >>> 0 }),
        );
      }
      if (faults.ignoreModifyFor?.some((f) => sameGuid(f, id))) return;
      return send(id, ...rest);
    };
  wrapper.modifyEndpoint = faulted((id, request: ModifyEndpointPolicyRequest) =>
    inner.modifyEndpoint(id, request),
  );
  const raw = (inner as unknown as Record<string, unknown>)[RAW_MODIFY_METHOD];
  if (typeof raw === 'function') {
    (wrapper as unknown as Record<string, unknown>)[RAW_MODIFY_METHOD] = faulted((id, json: string) =>
      (raw as (id: string, json: string) => Promise<void>).call(inner, id, json),
    );
  }
  wrapper.setHarnessFaults = (f: HarnessFaults) => {
    faults = f;
    const sim = inner as unknown as { setFaults?: (x: unknown) => void };
    if (sim.setFaults) sim.setFaults(f.simulator ?? {});
  };
  return wrapper;
}
