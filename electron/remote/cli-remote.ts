import { existsSync } from 'node:fs';
import { UsageError } from '../cli/errors';
import { parseNodeTarget, type NodeTarget } from './node-target';
import { RemoteRouter, type Connector } from './remote-router';

// The CLI's remote globals: with --node every verb's router is the node's agent (run.ts swaps the
// router; the commands do not know). Kept here so run.ts only adds a few lines.

export const REMOTE_GLOBAL_OPTIONS = {
  node: { type: 'string' },
  'ssh-key': { type: 'string' },
  'ssh-known-hosts': { type: 'string' },
  'remote-agent': { type: 'string' },
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
} as const;

export const REMOTE_USAGE = [
  '  --node ssh://[user@]host[:port] | k8s://NODE-NAME',
  '                     run the command on that node, through its agent (hcnproxyctl serve --stdio)',
  '  --ssh-key FILE     SSH private key (default: the SSH agent, then ~/.ssh/id_ed25519, id_rsa)',
  '  --ssh-known-hosts FILE  host keys to trust (default ~/.ssh/known_hosts; unknown keys are refused)',
  '  --remote-agent "CMD"    the agent command on an SSH node (default "hcnproxyctl.exe serve --stdio")',
  '  --kubeconfig FILE  --context NAME   for k8s:// nodes (default as kubectl: KUBECONFIG, ~/.kube/config)',
];

export interface RemoteSpec {
  target: NodeTarget;
  keyFile?: string;
  knownHostsFile?: string;
  remoteAgent?: string;
  kubeconfig?: string;
  context?: string;
}

const LOCAL_ONLY = ['backend', 'state', 'persist', 'journal'] as const;

/** undefined without --node; a UsageError for any inconsistent combination. */
export function parseRemoteGlobals(values: Record<string, unknown>): RemoteSpec | undefined {
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
  const spec: RemoteSpec = { target };
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

export function connectorFor(spec: RemoteSpec): Connector {
  const { target } = spec;
  if (target.kind === 'ssh') {
    return {
      label: target.label,
      connect: async () => {
        const { connectSsh } = await import('./ssh-transport');
        return connectSsh({
          target,
          ...(spec.keyFile ? { keyFile: spec.keyFile } : {}),
          ...(spec.knownHostsFile ? { knownHostsFile: spec.knownHostsFile } : {}),
          ...(spec.remoteAgent ? { remoteAgent: spec.remoteAgent } : {}),
        });
      },
    };
  }
  return {
    label: target.label,
    connect: async () => {
      const { connectKube } = await import('./kube-transport');
      return connectKube({
        node: target.node,
        ...(spec.kubeconfig ? { kubeconfig: spec.kubeconfig } : {}),
        ...(spec.context ? { context: spec.context } : {}),
      });
    },
  };
}

export function openRemoteRouter(spec: RemoteSpec, note: (text: string) => void): RemoteRouter {
  return new RemoteRouter(connectorFor(spec), note);
}
