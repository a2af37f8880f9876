import type { HostComputeEndpoint } from '../../../native/hns-json';
import { getString } from '../../../native/hns-json';
import { proxyPoliciesOf, type ProxySettingsRaw } from '../diagnostics/proxy-settings';
import { isIpv4 } from '../policy/validate';
import type { Flow, FlowExplanation } from '../views';
import { ipInList, portInSpecs, sidMatches, toPort } from './match';

// Walks an endpoint's L4WFPPROXY policies the way HNS/WFP would, as far as public sources say.
// Every rule here is listed, with its source or "inferred", in docs/flow-semantics.md (keep in sync).

type Step = FlowExplanation['steps'][number];

/** Statements this explainer relies on that no public source states outright. */
export const INFERRED = {
  order:
    'Policies are tried highest FilterTuple.Priority first (WFP filter weight); equal priorities keep HNS order — WFP does not define that order.',
  sidPrefix:
    'UserSID matches by whole SID components (S-1-5-2 does not match S-1-5-20); the README only says "prefix matching".',
  sidBothDirections:
    'UserSID is checked for inbound flows too (one SID per policy; the sources only discuss the proxy’s own outbound traffic).',
  exceptionIp:
    'An IP exception matches the remote (peer) address in both directions; a prefix a.b.c.d/n matches the range. Inbound this is the source, as Istio ambient excepts the host probe address; the hcnproxyctrl README only speaks of destination IPs.',
  lists:
    'Several entries in one FilterTuple field are comma separated; an empty field matches anything; "a-b" is a port range.',
  filterSides:
    'FilterTuple Local* fields match the connection’s source and Remote* its destination in both directions, so inbound RemotePorts is the pod’s own port (hcnproxyctrl documents "originating from"/"destinated to"; Istio ambient pairs RemotePorts 15008 with InboundProxyPort 15008).',
  legacyPort:
    'A policy with only the removed Port field redirects nothing on HNS ≥ 13.2 (HNS ignores unknown fields, hcsshim PR #673).',
} as const;

function portFor(p: ProxySettingsRaw, direction: Flow['direction']): number | undefined {
  return toPort(direction === 'inbound' ? p.inboundProxyPort : p.outboundProxyPort);
}

/** Priority first (higher weight wins in WFP), then HNS order. */
function evaluationOrder(policies: ProxySettingsRaw[]): ProxySettingsRaw[] {
  return [...policies].sort((a, b) => (b.priority ?? 0) - (a.priority ?? 0) || a.index - b.index);
}

interface PolicyVerdict {
  steps: Step[];
  /** Set when this policy redirects the flow. */
  port?: number;
  /** Why it does not, in a short phrase for the summary. */
  reason?: string;
}

function checkPolicy(p: ProxySettingsRaw, flow: Flow): PolicyVerdict {
  const steps: Step[] = [];
  const n = p.index;
  const step = (check: string, passed: boolean, detail: string) =>
    steps.push({ policyIndex: n, check, passed, detail });
  const dir = flow.direction;

  const port = portFor(p, dir);
  if (port === undefined) {
    const legacy = p.legacyPort ? ` (only the removed Port field ${p.legacyPort}, which HNS ignores)` : '';
    step('proxy-port', false, `Policy #${n} has no ${dir} proxy port${legacy}.`);
    return { steps, reason: `policy #${n} has no ${dir} proxy port${legacy}` };
  }
  step('proxy-port', true, `Policy #${n} redirects ${dir} traffic to port ${port}.`);

  const protos = (p.protocols ?? '6').split(',').map((s) => s.trim().toUpperCase());
  const flowIsTcp = flow.protocol.toLowerCase() === 'tcp' || flow.protocol === '6';
  if (!flowIsTcp || !protos.some((x) => x === '6' || x === 'TCP')) {
    step(
      'protocol',
      false,
      `Flow protocol ${flow.protocol} vs policy Protocols "${p.protocols ?? '6'}": the L4 proxy redirects TCP only.`,
    );
    return { steps, reason: `protocol ${flow.protocol} is not redirected (TCP only)` };
  }
  step('protocol', true, 'TCP, and the policy filters TCP (6).');

  if (!isIpv4(flow.localIp) || !isIpv4(flow.remoteIp)) {
    step('ip-version', false, 'The flow is not IPv4; the L4 proxy supports IPv4 only.');
    return { steps, reason: 'IPv6 traffic is not redirected (IPv4 only)' };
  }

  if (flow.sid && p.userSid && sidMatches(flow.sid, p.userSid)) {
    step(
      'user-sid',
      false,
      `Process SID ${flow.sid} matches UserSID ${p.userSid} by prefix: the proxy's own traffic is exempt.`,
    );
    return { steps, reason: `SID ${flow.sid} is exempt by UserSID ${p.userSid}` };
  }
  step(
    'user-sid',
    true,
    !p.userSid
      ? 'The policy has no UserSID: no process is exempt (redirect-loop risk).'
      : flow.sid
        ? `Process SID ${flow.sid} does not match UserSID ${p.userSid}.`
        : `No process SID given; assuming it is not ${p.userSid}.`,
  );

  const ex = dir === 'inbound' ? p.inboundExceptions : p.outboundExceptions;
  const exName = dir === 'inbound' ? 'InboundExceptions' : 'OutboundExceptions';
  const ipHit = ipInList(flow.remoteIp, ex.ipAddresses);
  if (ipHit) {
    step(
      'ip-exception',
      false,
      `Remote address ${flow.remoteIp} is in ${exName}.IpAddressExceptions (${ipHit}).`,
    );
    return { steps, reason: `remote address ${flow.remoteIp} is an ${dir} IP exception` };
  }
  step('ip-exception', true, `Remote address ${flow.remoteIp} is not an ${dir} IP exception.`);
  const destPort = dir === 'inbound' ? flow.localPort : flow.remotePort;
  if (ex.ports.some((x) => toPort(x) === destPort)) {
    step('port-exception', false, `Destination port ${destPort} is in ${exName}.PortExceptions.`);
    return { steps, reason: `port ${destPort} is an ${dir} port exception` };
  }
  step('port-exception', true, `Destination port ${destPort} is not an ${dir} port exception.`);

  // FilterTuple Local* = the connection's source, Remote* = its destination, in both directions
  // (hcnproxyctrl's field docs; Istio ambient pairs RemotePorts 15008 with InboundProxyPort 15008).
  const src =
    dir === 'inbound'
      ? { ip: flow.remoteIp, port: flow.remotePort }
      : { ip: flow.localIp, port: flow.localPort };
  const dst =
    dir === 'inbound'
      ? { ip: flow.localIp, port: flow.localPort }
      : { ip: flow.remoteIp, port: flow.remotePort };
  const filters: [string, boolean, string][] = [
    [
      'LocalAddresses',
      p.localAddresses.length === 0 || !!ipInList(src.ip, p.localAddresses),
      `source ${src.ip}`,
    ],
    [
      'RemoteAddresses',
      p.remoteAddresses.length === 0 || !!ipInList(dst.ip, p.remoteAddresses),
      `destination ${dst.ip}`,
    ],
    [
      'LocalPorts',
      p.localPorts.length === 0 || !!portInSpecs(src.port, p.localPorts),
      `source port ${src.port}`,
    ],
    [
      'RemotePorts',
      p.remotePorts.length === 0 || !!portInSpecs(dst.port, p.remotePorts),
      `destination port ${dst.port}`,
    ],
  ];
  const lists: Record<string, string[]> = {
    LocalAddresses: p.localAddresses,
    RemoteAddresses: p.remoteAddresses,
    LocalPorts: p.localPorts,
    RemotePorts: p.remotePorts,
  };
  for (const [field, ok, value] of filters) {
    const list = lists[field] ?? [];
    step(
      `filter-${field}`,
      ok,
      list.length === 0
        ? `FilterTuple.${field} is empty: matches any.`
        : `${value} ${ok ? 'is' : 'is not'} in FilterTuple.${field} (${list.join(', ')}).`,
    );
    if (!ok) return { steps, reason: `${value} does not match FilterTuple.${field}` };
  }
  return { steps, port };
}

function describe(flow: Flow): string {
  return `${flow.direction} ${flow.protocol} ${flow.localIp}:${flow.localPort} -> ${flow.remoteIp}:${flow.remotePort}${flow.sid ? ` sid ${flow.sid}` : ''}`;
}

export function explainFlow(endpoint: HostComputeEndpoint, flow: Flow): FlowExplanation {
  const policies = proxyPoliciesOf(endpoint);
  // Port exceptions match the destination port: sourced (hcnproxyctrl README), so not listed here.
  const inferred: string[] = [INFERRED.lists, INFERRED.exceptionIp, INFERRED.sidPrefix];
  if (flow.direction === 'inbound') inferred.push(INFERRED.sidBothDirections, INFERRED.filterSides);
  const name = getString(endpoint, 'Name') ?? getString(endpoint, 'ID') ?? 'endpoint';
  if (policies.length === 0) {
    return {
      redirected: false,
      summary: `Not redirected: ${name} has no L4WFPPROXY policy.`,
      steps: [{ check: 'policies', passed: false, detail: 'The endpoint carries no L4WFPPROXY policy.' }],
      inferred: [],
    };
  }
  const steps: Step[] = [
    {
      check: 'policies',
      passed: true,
      detail: `${policies.length} L4WFPPROXY polic${policies.length === 1 ? 'y' : 'ies'}; flow: ${describe(flow)}.`,
    },
  ];
  if (policies.length > 1) inferred.push(INFERRED.order);
  if (policies.some((p) => p.legacyPort)) inferred.push(INFERRED.legacyPort);
  const reasons: string[] = [];
  for (const p of evaluationOrder(policies)) {
    const v = checkPolicy(p, flow);
    steps.push(...v.steps);
    if (v.port !== undefined) {
      return {
        redirected: true,
        proxyPort: v.port,
        policyIndex: p.index,
        summary: `Redirected to port ${v.port} by policy #${p.index}.`,
        steps,
        inferred,
      };
    }
    if (v.reason) reasons.push(v.reason);
  }
  return {
    redirected: false,
    summary: `Not redirected because ${reasons.join('; ')}.`,
    steps,
    inferred,
  };
}
