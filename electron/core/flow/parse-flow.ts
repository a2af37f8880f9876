import type { FieldIssue } from '../../base/app-error';
import { parseAddress, parsePort, parseSid } from '../policy/validate';
import type { Flow } from '../views';

// The CLI's flow text: "<direction> tcp <local ip:port> -> <remote ip:port> [sid S-… [groups S-…,S-…]]".
// local is the pod's side of the connection in both directions, remote the peer.
const FLOW_RE =
  /^\s*(inbound|outbound|in|out)\s+(\w+)\s+(\S+)\s*->\s*(\S+)(?:\s+sid\s+(\S+)(?:\s+groups\s+(\S+))?)?\s*$/i;
export const FLOW_SYNTAX =
  '"<inbound|outbound> tcp <local ip:port> -> <remote ip:port> [sid S-… [groups S-…,S-…]]"';

function endpointOf(text: string, field: string, issues: FieldIssue[]): { ip?: string; port?: number } {
  const i = text.lastIndexOf(':');
  if (i < 0) {
    issues.push({ field, code: 'flow.endpoint', message: `"${text}" must be ip:port, e.g. 10.0.0.4:8080.` });
    return {};
  }
  const ip = parseAddress(text.slice(0, i), field, issues, false);
  const port = parsePort(text.slice(i + 1), field, issues);
  return { ip, port };
}

export function parseFlow(text: string): { ok: true; flow: Flow } | { ok: false; issues: FieldIssue[] } {
  const m = FLOW_RE.exec(text);
  if (!m) {
    return {
      ok: false,
      issues: [
        {
          field: 'flow',
          code: 'flow.format',
          message: `Expected ${FLOW_SYNTAX}; local is the pod's side, remote the peer.`,
        },
      ],
    };
  }
  const issues: FieldIssue[] = [];
  const [, dir, proto, local, remote, sidText, groupsText] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    string | undefined,
  ];
  const l = endpointOf(local, 'flow.local', issues);
  const r = endpointOf(remote, 'flow.remote', issues);
  const sid = sidText ? parseSid(sidText, 'flow.sid', issues) : undefined;
  const groups = (groupsText ?? '')
    .split(',')
    .filter(Boolean)
    .map((g) => parseSid(g, 'flow.groups', issues))
    .filter((g): g is string => !!g);
  if (issues.length > 0 || !l.ip || !r.ip || !l.port || !r.port) return { ok: false, issues };
  const flow: Flow = {
    direction: dir.toLowerCase().startsWith('in') ? 'inbound' : 'outbound',
    protocol: proto.toLowerCase(),
    localIp: l.ip,
    localPort: l.port,
    remoteIp: r.ip,
    remotePort: r.port,
  };
  if (sid) flow.sid = sid;
  if (groups.length > 0) flow.groups = groups;
  return { ok: true, flow };
}
