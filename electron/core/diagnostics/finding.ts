import type { Finding } from '../views';
import type { EndpointFacts } from './types';
import type { ProxySettingsRaw } from './proxy-settings';

type Severity = Finding['severity'];

/** A finding about one proxy policy of one endpoint; evidence always names the endpoint. */
export function policyFinding(
  id: string,
  severity: Severity,
  ep: EndpointFacts,
  p: ProxySettingsRaw | undefined,
  message: string,
  fix: string,
  evidence: Record<string, unknown>,
): Finding {
  const f: Finding = {
    id,
    severity,
    endpointId: ep.id,
    message,
    fix,
    evidence: { endpointName: ep.name, ...evidence },
  };
  if (p) {
    f.policyIndex = p.index;
    f.evidence = { ...f.evidence, policy: p.raw };
  }
  return f;
}

export function policyLabel(p: ProxySettingsRaw): string {
  return `Proxy policy #${p.index}`;
}
