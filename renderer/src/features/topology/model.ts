import {
  readProxySettings,
  type ProxySettingsRaw,
} from '../../../../electron/core/diagnostics/proxy-settings';
import type { EndpointDetail, EndpointSummary, Finding } from '../../../../electron/core/views';

// The topology as data: network → endpoints → proxy ports and exceptions, each with the worst
// diagnostic severity that concerns it. Pure, so the layout is tested without a browser.

export type Severity = Finding['severity'];

export interface TopoLeaf {
  key: string;
  kind: 'inbound' | 'outbound' | 'legacy' | 'exceptions';
  label: string;
  /** Longer text for the tooltip / accessible name. */
  title: string;
  policyIndex: number;
  severity: Severity | null;
}

export interface TopoEndpoint {
  id: string;
  name: string;
  ip: string;
  counts: Record<Severity, number>;
  severity: Severity | null;
  leaves: TopoLeaf[];
  /** Detail not loaded (or not needed): leaves unknown rather than none. */
  leavesUnknown: boolean;
}

export interface TopoNetwork {
  id: string;
  name: string;
  endpoints: TopoEndpoint[];
}

export interface TopoModel {
  networks: TopoNetwork[];
  /** Findings about the node itself (HNS version): shown above the picture. */
  nodeFindings: Finding[];
}

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

export function worstOf(fs: readonly Finding[]): Severity | null {
  let w: Severity | null = null;
  for (const f of fs) if (!w || RANK[f.severity] > RANK[w]) w = f.severity;
  return w;
}

function exceptionText(p: ProxySettingsRaw, dir: 'inbound' | 'outbound'): string | undefined {
  const ex = dir === 'inbound' ? p.inboundExceptions : p.outboundExceptions;
  const parts = [...ex.ipAddresses, ...ex.ports.map((x) => `:${x}`)];
  return parts.length ? parts.join(', ') : undefined;
}

export function leavesOf(proxies: ProxySettingsRaw[], findings: readonly Finding[]): TopoLeaf[] {
  const out: TopoLeaf[] = [];
  for (const p of proxies) {
    const sev = worstOf(findings.filter((f) => f.policyIndex === p.index));
    const n = proxies.length > 1 ? ` #${p.index}` : '';
    if (p.inboundProxyPort)
      out.push({
        key: `${p.index}:in`,
        kind: 'inbound',
        label: `in → ${p.inboundProxyPort}${n}`,
        title: `Inbound proxy port ${p.inboundProxyPort} (policy #${p.index})`,
        policyIndex: p.index,
        severity: sev,
      });
    if (p.outboundProxyPort)
      out.push({
        key: `${p.index}:out`,
        kind: 'outbound',
        label: `out → ${p.outboundProxyPort}${n}`,
        title: `Outbound proxy port ${p.outboundProxyPort} (policy #${p.index})`,
        policyIndex: p.index,
        severity: sev,
      });
    if (p.legacyPort)
      out.push({
        key: `${p.index}:legacy`,
        kind: 'legacy',
        label: `Port ${p.legacyPort} (ignored)${n}`,
        title: `Removed Port field ${p.legacyPort}, ignored by current HNS (policy #${p.index})`,
        policyIndex: p.index,
        severity: sev,
      });
    for (const dir of ['inbound', 'outbound'] as const) {
      const t = exceptionText(p, dir);
      if (t)
        out.push({
          key: `${p.index}:ex-${dir}`,
          kind: 'exceptions',
          label: `${dir === 'inbound' ? 'in' : 'out'} except ${t}`,
          title: `${dir} exceptions of policy #${p.index}: ${t}`,
          policyIndex: p.index,
          severity: null,
        });
    }
  }
  return out;
}

export interface ModelInput {
  endpoints: readonly EndpointSummary[];
  details: ReadonlyMap<string, EndpointDetail>;
  findings: readonly Finding[];
  /** Restrict to one network or one endpoint. */
  networkId?: string;
  endpointId?: string;
}

// Every id here (summaries, details, findings, the scope) is canonical: main reads HNS ids with
// guidOf and the contract canonicalises what callers send, so ids compare with ===.

export function buildTopoModel(input: ModelInput): TopoModel {
  const byNet = new Map<string, TopoNetwork>();
  const scope = input.endpoints.filter(
    (e) =>
      (!input.networkId || e.networkId === input.networkId) &&
      (!input.endpointId || e.id === input.endpointId),
  );
  for (const e of scope) {
    const fs = input.findings.filter((f) => f.endpointId === e.id);
    const counts = { error: 0, warning: 0, info: 0 };
    for (const f of fs) counts[f.severity]++;
    const detail = input.details.get(e.id);
    const proxies = detail ? detail.proxyPolicies.map((v) => readProxySettings(v.raw, v.index)) : [];
    const net = byNet.get(e.networkId) ?? {
      id: e.networkId,
      name: e.networkName || e.networkId || '(no network)',
      endpoints: [],
    };
    net.endpoints.push({
      id: e.id,
      name: e.name || e.id,
      ip: e.ipAddresses[0] ?? '',
      counts,
      severity: worstOf(fs),
      leaves: leavesOf(proxies, fs),
      leavesUnknown: !detail && e.proxyPolicyCount > 0,
    });
    byNet.set(e.networkId, net);
  }
  return { networks: [...byNet.values()], nodeFindings: input.findings.filter((f) => !f.endpointId) };
}
