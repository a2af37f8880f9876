import { existsSync } from 'node:fs';
import { connectorFor, type RemoteSpec } from '../remote/connector';
import { parseNodeTarget, type NodeTarget } from '../remote/node-target';
import { RemoteRouter } from '../remote/remote-router';
import { UsageError } from './errors';

// The CLI's remote globals: with --node every verb's router is the node's agent (run.ts swaps the
// router; the commands do not know).

export const REMOTE_GLOBAL_OPTIONS = {
  node: { type: 'string' },
  'ssh-key': { type: 'string' },
  'ssh-known-hosts': { type: 'string' },
  'remote-agent': { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  timeout: { type: 'string' },
} as const;

/** Long enough for a bulk change on a loaded node, short enough that a silent node ends the run. */
export const DEFAULT_TIMEOUT_SECONDS = 300;
const MAX_TIMEOUT_SECONDS = 24 * 3600;

export const REMOTE_USAGE = [
  '  --node ssh://[user@]host[:port] | k8s://NODE-NAME',
  '                     run the command on that node, through its agent (hcnproxyctl serve --stdio)',
  '  --ssh-key FILE     SSH private key (default: the SSH agent, then ~/.ssh/id_ed25519, id_rsa)',
  '  --ssh-known-hosts FILE  host keys to trust (default ~/.ssh/known_hosts; unknown keys are refused)',
  '  --remote-agent "CMD"    the agent command on an SSH node (default "hcnproxyctl.exe serve --stdio")',
  '  --kubeconfig FILE  --context NAME   for k8s:// nodes (default as kubectl: KUBECONFIG, ~/.kube/config)',
  `  --timeout SECONDS  how long to wait for the node's answer to each request (default ${DEFAULT_TIMEOUT_SECONDS})`,
];

export interface CliRemote extends RemoteSpec {
  timeoutMs: number;
}

const LOCAL_ONLY = ['backend', 'state', 'persist', 'journal'] as const;

function parseTimeout(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0) || n > MAX_TIMEOUT_SECONDS)
    throw new UsageError(`--timeout: expected seconds between 0 and ${MAX_TIMEOUT_SECONDS}, got "${value}".`);
  return Math.ceil(n * 1000);
}

/** undefined without --node; a UsageError for any inconsistent combination. */
export function parseRemoteGlobals(values: Record<string, unknown>): CliRemote | undefined {
  const str = (k: string) => (typeof values[k] === 'string' ? (values[k] as string) : undefined);
  const node = str('node');
  if (node === undefined) {
    const stray = Object.keys(REMOTE_GLOBAL_OPTIONS).find((k) => k !== 'node' && values[k] !== undefined);
    if (stray) throw new UsageError(`--${stray} needs --node.`);
    return undefined;
  }
  let target: NodeTarget;
  try {
    target = parseNodeTarget(node);
  } catch (e) {
    throw new UsageError(`--node: ${(e as Error).message}`);
  }
  const local = LOCAL_ONLY.find((k) => values[k] !== undefined && values[k] !== false);
  if (local)
    throw new UsageError(`--${local} describes this machine; with --node the node's agent decides its own.`);
  const spec: CliRemote = { target, timeoutMs: parseTimeout(str('timeout')) };
  const file = (k: string) => {
    const v = str(k);
    if (v !== undefined && !existsSync(v)) throw new UsageError(`--${k}: cannot find ${v}.`);
    return v;
  };
  const sshOnly = ['ssh-key', 'ssh-known-hosts', 'remote-agent'];
  const k8sOnly = ['kubeconfig', 'context'];
  const wrong = (target.kind === 'ssh' ? k8sOnly : sshOnly).find((k) => values[k] !== undefined);
  if (wrong) throw new UsageError(`--${wrong} does not apply to ${target.label}.`);
  const keyFile = file('ssh-key');
  if (keyFile) spec.keyFile = keyFile;
  const kh = str('ssh-known-hosts');
  if (kh) spec.knownHostsFile = kh;
  const agent = str('remote-agent');
  if (agent !== undefined) {
    if (!agent.trim()) throw new UsageError('--remote-agent: the command is empty.');
    spec.remoteAgent = agent;
  }
  const kc = file('kubeconfig');
  if (kc) spec.kubeconfig = kc;
  const ctx = str('context');
  if (ctx) spec.context = ctx;
  return spec;
}

/**
 * The node's router for one CLI run: every request bounded by --timeout. Connecting has its own
 * guards (SSH handshake, agent hello: 120 s each), so a slow start is not taken for a silent node.
 */
export function openRemoteRouter(spec: CliRemote, note: (text: string) => void): RemoteRouter {
  const connection = { requestTimeoutMs: spec.timeoutMs };
  return new RemoteRouter(connectorFor({ ...spec, connection }), note);
}
