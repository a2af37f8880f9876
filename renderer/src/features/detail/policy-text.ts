import { sidName } from '../../../../electron/core/policy/model';
import type { ProxyPolicyView } from '../../../../electron/core/views';

/** "S-1-5-18 (Local System)": the SID as HNS holds it, with the name admins know it by. */
export function sidLabel(sid: string | undefined): string {
  if (!sid) return 'none (the proxy’s own traffic will be redirected too)';
  const name = sidName(sid);
  return name ? `${sid} (${name})` : sid;
}

/** One line per policy, for lists (clear dialog, journal). */
export function policyLine(v: ProxyPolicyView): string {
  const p = v.policy;
  if (!p) return `#${v.index}: unreadable policy`;
  const ports = [
    p.inboundProxyPort !== undefined ? `inbound → ${p.inboundProxyPort}` : '',
    p.outboundProxyPort !== undefined ? `outbound → ${p.outboundProxyPort}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return `#${v.index}: ${ports || (v.legacyPort ? `legacy Port ${v.legacyPort}` : 'no proxy port')}${p.userSid ? ` · SID ${sidLabel(p.userSid)}` : ''}`;
}

export { rawPolicyLine } from '../../../../electron/core/policy/policy-line';
