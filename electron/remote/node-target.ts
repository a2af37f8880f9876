import { userInfo } from 'node:os';

// `--node` values: ssh://[user@]host[:port] and k8s://NODE-NAME.

export type NodeTarget =
  | { kind: 'ssh'; user: string; host: string; port: number; label: string }
  | { kind: 'k8s'; node: string; label: string };

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/**
 * A user name as Windows and OpenSSH spell them: letters, digits, ".", "_", "-", "$", optionally after
 * "DOMAIN\\". Nothing else, so the name shown in a confirmation dialog cannot carry "@", spaces, line
 * breaks or bidi overrides that make it misstate which host the app logs in to.
 */
const USER = /^[\p{L}\p{N}._$-]{1,64}(?:\\[\p{L}\p{N}._$-]{1,64})?$/u;

function localUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'root';
  }
}

/** Throws an Error whose message is fit for a usage error ("--node: ..."). */
export function parseNodeTarget(value: string): NodeTarget {
  const k8s = /^k8s:\/\/(.*)$/.exec(value);
  if (k8s) {
    const node = k8s[1] ?? '';
    if (!node || node.length > 253 || !DNS_SUBDOMAIN.test(node))
      throw new Error(
        `"${value}": a Kubernetes node name is lower-case letters, digits, "-" and "." (as kubectl get nodes shows it).`,
      );
    return { kind: 'k8s', node, label: `k8s://${node}` };
  }
  const ssh = /^ssh:\/\/(?:([^@/\s:]+)@)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(?::(\d{1,5}))?\/?$/.exec(value);
  if (!ssh) throw new Error(`"${value}" is not a node: use ssh://[user@]host[:port] or k8s://NODE-NAME.`);
  const port = ssh[3] === undefined ? 22 : Number(ssh[3]);
  if (port < 1 || port > 65535) throw new Error(`"${value}": port must be 1-65535.`);
  let user = localUser();
  if (ssh[1] !== undefined) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(ssh[1]);
    } catch {
      decoded = '';
    }
    if (!USER.test(decoded))
      throw new Error(
        `"${value}": the user name may hold letters, digits, ".", "_", "-", "$" and one DOMAIN\\ prefix (%5C), nothing else.`,
      );
    user = decoded;
  }
  const host = (ssh[2] as string).replace(/^\[|\]$/g, '');
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    kind: 'ssh',
    user,
    host,
    port,
    label: `ssh://${user}@${shownHost}${port === 22 ? '' : `:${port}`}`,
  };
}
