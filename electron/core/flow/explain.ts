import type { HostComputeEndpoint } from '../../../native/hns-json';
import { getString } from '../../../native/hns-json';
import { proxyPoliciesOf, type ProxySettingsRaw } from '../diagnostics/proxy-settings';
import { isIpv4 } from '../policy/validate';
import type { Flow, FlowExplanation } from '../views';
import { ipInList, portInSpecs, sidMatches, toPort } from './match';
import { compareWeight, whyWins } from './weight';
import { plural } from '../../base/plural';

// Walks an endpoint's L4WFPPROXY policies the way HNS/WFP would, as far as public sources say.
// Every rule here is listed, with its source or "inferred", in docs/flow-semantics.md (keep in sync).

type Step = FlowExplanation['steps'][number];

/** Statements this explainer relies on that no public source states outright. */
export const INFERRED = {
  weight:
    'When several policies match, the one with the higher FilterTuple.Priority applies (assumed to be the WFP filter weight, higher wins; HNS ACLs are lower-wins and nothing public settles L4WFPPROXY); with equal Priority the filter with more conditions applies (WFP generates the weight when none is set; that more conditions weigh more is our reading). Equal on both: WFP does not define which one applies.',
  sidPrefix:
    'UserSID matches by whole SID components (S-1-5-2 does not match S-1-5-20); the README only says "prefix matching".',
  sidBothDirections:
    'UserSID is checked for inbound flows too (one SID per policy; the sources only discuss the proxy’s own outbound traffic).',
  sidGroups:
    'UserSID also matches a group SID in the process token (the hcnproxyctrl README and K2s run the proxy as a member of S-1-5-32-556, a group); a flow names those groups with "groups".',
  exceptionIp:
    'An IP exception matches the remote (peer) address in both directions; a prefix a.b.c.d/n matches the range. Inbound this is the source, as Istio ambient excepts the host probe address; the hcnproxyctrl README only speaks of destination IPs.',
  lists:
    'Several entries in one FilterTuple field are comma separated; an empty field matches anything; "a-b" is a port range.',
  filterSides:
    'FilterTuple Local* fields match the pod’s side of the connection and Remote* the peer, in both directions (endpoint-relative, as WFP’s FWPM_CONDITION_IP_LOCAL_*/REMOTE_* conditions and HNS ACLs as Calico Felix writes them); hcnproxyctrl documents only the outbound case ("originating from" / "destinated to"), where both readings agree.',
  legacyPort:
    'A policy with only the removed Port field is read as having no proxy port: hcsshim replaced Port by InboundProxyPort/OutboundProxyPort (PR #910); whether current HNS still honours Port is not documented.',
  untrimmed:
    'Values with surrounding spaces (such as " 4191") are read trimmed; whether HNS accepts or ignores them is not documented.',
} as const;

function portFor(p: ProxySettingsRaw, direction: Flow['direction']): number | undefined {
  return toPort(direction === 'inbound' ? p.inboundProxyPort : p.outboundProxyPort);
}

/** Account SIDs a process runs as; any other SID used as UserSID may be one of the token's groups. */
const ACCOUNT_SIDS = new Set(['S-1-5-18', 'S-1-5-19', 'S-1-5-20']);

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
    const legacy = p.legacyPort
      ? ` (only the removed Port field ${p.legacyPort}, read as no port: whether current HNS honours Port is not documented)`
      : '';
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

  const group = p.userSid ? flow.groups?.find((g) => sidMatches(g, p.userSid as string)) : undefined;
  if (p.userSid && ((flow.sid && sidMatches(flow.sid, p.userSid)) || group)) {
    const who = group ? `Group ${group} in the process token` : `Process SID ${flow.sid}`;
    step(
      'user-sid',
      false,
      `${who} matches UserSID ${p.userSid} by prefix: the proxy's own traffic is exempt.`,
    );
    return {
      steps,
      reason: `${group ? `group ${group}` : `SID ${flow.sid}`} is exempt by UserSID ${p.userSid}`,
    };
  }
  // A UserSID that is not an account SID may be a group the process belongs to: without the
  // token's groups the answer depends on membership, and the explanation says so.
  const dependsOnGroups =
    !!p.userSid && !!flow.sid && flow.groups === undefined && !ACCOUNT_SIDS.has(p.userSid.toUpperCase());
  step(
    'user-sid',
    true,
    !p.userSid
      ? 'The policy has no UserSID: no process is exempt (redirect-loop risk).'
      : flow.sid
        ? `Process SID ${flow.sid}${flow.groups ? ` and groups ${flow.groups.join(', ') || '(none)'}` : ''} do not match UserSID ${p.userSid}.${dependsOnGroups ? ` This depends on group membership: if the process's token holds ${p.userSid} (a group), the flow is exempt; name the token's groups with "groups S-…".` : ''}`
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
  const portHit = ex.ports.find((x) => toPort(x) === destPort);
  if (portHit !== undefined) {
    const raw = p.untrimmed.find((u) => u.field === `${exName}.PortExceptions` && u.raw.trim() === portHit);
    const note = raw
      ? ` HNS holds it as ${JSON.stringify(raw.raw)} (with spaces); whether HNS accepts that as ${portHit} is not documented.`
      : '';
    step('port-exception', false, `Destination port ${destPort} is in ${exName}.PortExceptions.${note}`);
    return {
      steps,
      reason: `port ${destPort} is an ${dir} port exception${raw ? ` (written ${JSON.stringify(raw.raw)})` : ''}`,
    };
  }
  step('port-exception', true, `Destination port ${destPort} is not an ${dir} port exception.`);

  // Endpoint-relative, as WFP's local/remote conditions and HNS ACLs: Local* is the pod's side of
  // the connection and Remote* the peer, whichever side opened it (docs/flow-semantics.md).
  const filters: [string, boolean, string][] = [
    [
      'LocalAddresses',
      p.localAddresses.length === 0 || !!ipInList(flow.localIp, p.localAddresses),
      `local (pod) address ${flow.localIp}`,
    ],
    [
      'RemoteAddresses',
      p.remoteAddresses.length === 0 || !!ipInList(flow.remoteIp, p.remoteAddresses),
      `remote (peer) address ${flow.remoteIp}`,
    ],
    [
      'LocalPorts',
      p.localPorts.length === 0 || !!portInSpecs(flow.localPort, p.localPorts),
      `local (pod) port ${flow.localPort}`,
    ],
    [
      'RemotePorts',
      p.remotePorts.length === 0 || !!portInSpecs(flow.remotePort, p.remotePorts),
      `remote (peer) port ${flow.remotePort}`,
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
  const who = flow.sid ? ` sid ${flow.sid}${flow.groups ? ` groups ${flow.groups.join(',')}` : ''}` : '';
  return `${flow.direction} ${flow.protocol} ${flow.localIp}:${flow.localPort} -> ${flow.remoteIp}:${flow.remotePort}${who}`;
}

/** Several policies match: the weight rule picks one, or says it cannot (docs/flow-semantics.md). */
function choose(matched: { p: ProxySettingsRaw; port: number }[]): {
  winner: { p: ProxySettingsRaw; port: number };
  step: Step;
  tie?: { p: ProxySettingsRaw; port: number };
} {
  const ranked = [...matched].sort((a, b) => compareWeight(a.p, b.p) || a.p.index - b.p.index);
  const [winner, second] = ranked as [(typeof ranked)[number], (typeof ranked)[number]];
  const others = ranked
    .slice(1)
    .map((m) => `#${m.p.index} → ${m.port}`)
    .join(', ');
  if (compareWeight(winner.p, second.p) !== 0) {
    return {
      winner,
      step: {
        policyIndex: winner.p.index,
        check: 'weight',
        passed: true,
        detail: `Policies ${ranked.map((m) => `#${m.p.index}`).join(', ')} all match; #${winner.p.index} applies because ${whyWins(winner.p, second.p)}. Also matched: ${others}.`,
      },
    };
  }
  const same = second.port === winner.port;
  return {
    winner,
    ...(same ? {} : { tie: second }),
    step: {
      policyIndex: winner.p.index,
      check: 'weight',
      passed: same,
      detail: `Policies #${winner.p.index} and #${second.p.index} both match with the same Priority (${winner.p.priority ?? 'none'}) and equally specific filters: WFP does not define which applies (proxy.ambiguous-priority)${same ? `; both redirect to ${winner.port}` : `; they redirect to ${winner.port} and ${second.port}`}.`,
    },
  };
}

export function explainFlow(endpoint: HostComputeEndpoint, flow: Flow): FlowExplanation {
  const policies = proxyPoliciesOf(endpoint);
  // Port exceptions match the destination port: sourced (hcnproxyctrl README), so not listed here.
  const inferred: string[] = [INFERRED.lists, INFERRED.exceptionIp, INFERRED.sidPrefix, INFERRED.filterSides];
  if (flow.direction === 'inbound') inferred.push(INFERRED.sidBothDirections);
  if (flow.groups || policies.some((p) => p.userSid && !ACCOUNT_SIDS.has(p.userSid.toUpperCase())))
    inferred.push(INFERRED.sidGroups);
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
      detail: `${plural(policies.length, 'L4WFPPROXY policy')}; flow: ${describe(flow)}.`,
    },
  ];
  if (policies.some((p) => p.legacyPort)) inferred.push(INFERRED.legacyPort);
  if (policies.some((p) => p.untrimmed.length > 0)) inferred.push(INFERRED.untrimmed);
  const reasons: string[] = [];
  const matched: { p: ProxySettingsRaw; port: number }[] = [];
  // Every policy is checked: which of several matching ones applies is decided by their weight,
  // not by the order HNS lists them in.
  for (const p of policies) {
    const v = checkPolicy(p, flow);
    steps.push(...v.steps);
    if (v.port !== undefined) matched.push({ p, port: v.port });
    else if (v.reason) reasons.push(v.reason);
  }
  if (matched.length === 0) {
    return { redirected: false, summary: `Not redirected because ${reasons.join('; ')}.`, steps, inferred };
  }
  if (matched.length === 1) {
    const [{ p, port }] = matched as [(typeof matched)[number]];
    return {
      redirected: true,
      proxyPort: port,
      policyIndex: p.index,
      summary: `Redirected to port ${port} by policy #${p.index}.`,
      steps,
      inferred,
    };
  }
  inferred.push(INFERRED.weight);
  const { winner, step, tie } = choose(matched);
  steps.push(step);
  return {
    redirected: true,
    proxyPort: winner.port,
    policyIndex: winner.p.index,
    summary: tie
      ? `Redirected to port ${winner.port} by policy #${winner.p.index} or to port ${tie.port} by policy #${tie.p.index}: both match with equal weight, and WFP does not define which applies.`
      : `Redirected to port ${winner.port} by policy #${winner.p.index} (the more heavily weighted of ${matched.length} matching policies).`,
    steps,
    inferred,
  };
}
