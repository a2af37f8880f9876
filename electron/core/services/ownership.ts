import { getKey, jsonEqual } from '../../../native/hns-json';
import type { ProxyPolicy } from '../policy/model';

// Who owns an L4WFPPROXY policy this app did not add? HNS does not record an owner, so we infer it
// from the port pairs well-known meshes program (their docs/defaults; K2s and hcsshim#2571 show
// Linkerd's 4143/4140 on Windows). A match means "another component will re-create or depend on
// this": clear skips it unless the user says includeForeign. A policy this app's journal added is
// always ours, whatever its ports.

interface Signature {
  owner: string;
  inbound?: number;
  outbound?: number;
}

export const KNOWN_OWNERS: readonly Signature[] = [
  { owner: 'Linkerd proxy (mesh CNI)', inbound: 4143, outbound: 4140 },
  { owner: 'Istio sidecar / ambient node agent', inbound: 15006, outbound: 15001 },
  { owner: 'Open Service Mesh (Envoy) via Azure CNI', inbound: 15003, outbound: 15001 },
  { owner: 'Consul service mesh (Envoy)', inbound: 20000, outbound: 15001 },
];

export function guessOwner(p: ProxyPolicy | null): string | undefined {
  if (!p) return undefined;
  for (const s of KNOWN_OWNERS) {
    const inOk = s.inbound === undefined || p.inboundProxyPort === s.inbound;
    const outOk = s.outbound === undefined || p.outboundProxyPort === s.outbound;
    // Both ports must agree when the policy sets both; one matching port is enough when it sets one.
    const set = [p.inboundProxyPort, p.outboundProxyPort].filter((x) => x !== undefined).length;
    const hits = (p.inboundProxyPort === s.inbound ? 1 : 0) + (p.outboundProxyPort === s.outbound ? 1 : 0);
    if (inOk && outOk) return s.owner;
    if (set === 1 && hits === 1) return s.owner;
  }
  return undefined;
}

/** True when the journal shows this app added exactly these settings. */
export function addedByUs(raw: unknown, added: unknown[]): boolean {
  const settings = getKey(raw, 'Settings');
  return added.some((a) => jsonEqual(getKey(a, 'Settings'), settings));
}
