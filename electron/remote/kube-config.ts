import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { AppFailure } from '../base/app-error';
import { READ_LIMITS, readLimitedSync } from '../base/fs/read-limited';
import { safeText } from '../core/safe-text';

// The kubeconfig: a file the un-elevated user can write (KUBECONFIG, ~/.kube/config), read here by a
// process that may run elevated. Reading it runs nothing; what runs code is using a context's
// credentials: an `exec` plugin or an auth provider's `cmd-path` is started by client-node on the
// first request. So the file is read through the one bounded reader (never /dev/zero or a FIFO), never
// through client-node's loadFromDefault (which on Windows starts `wsl.exe` by bare name), and what a
// context's credentials would run or read is described, with a fingerprint, for the confirmation the
// GUI asks before they are used (kube-discovery.ts, fleet.ts).

type K8s = typeof import('@kubernetes/client-node');

// Loaded on first use: the agent and local use never pay for the Kubernetes client.
export const loadK8s = (): Promise<K8s> => import('@kubernetes/client-node');

const KUBECONFIG_READ = { what: 'kubeconfig', maxBytes: READ_LIMITS.small };

/** The files kubectl would read: KUBECONFIG's list, else ~/.kube/config. */
export function defaultKubeconfigFiles(env: NodeJS.ProcessEnv = process.env, home = homedir()): string[] {
  const list = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  return list.length ? list : [join(home, '.kube', 'config')];
}

export interface KubeSource {
  /** Default as kubectl: KUBECONFIG, then ~/.kube/config (no in-cluster or WSL fallback). */
  kubeconfig?: string;
  context?: string;
}

function readOne(k8s: K8s, file: string, explicit: boolean): KubeConfig | undefined {
  let text: string;
  try {
    text = readLimitedSync(file, KUBECONFIG_READ).toString('utf8');
  } catch (e) {
    if (!explicit && (e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AppFailure({
      code: 'remote-unreachable',
      message: `Cannot read the kubeconfig ${file}: ${(e as Error).message}`,
    });
  }
  const kc = new k8s.KubeConfig();
  try {
    kc.loadFromString(text);
  } catch (e) {
    throw new AppFailure({
      code: 'remote-unreachable',
      message: `Cannot read the kubeconfig ${file}: ${(e as Error).message}`,
    });
  }
  kc.makePathsAbsolute(dirname(file));
  return kc;
}

/** Reads the kubeconfig (merged as kubectl merges KUBECONFIG's list) and selects `context`. */
export async function loadKubeConfig(o: KubeSource): Promise<KubeConfig> {
  const k8s = await loadK8s();
  const files = o.kubeconfig ? [o.kubeconfig] : defaultKubeconfigFiles();
  let kc: KubeConfig | undefined;
  for (const file of files) {
    const one = readOne(k8s, file, !!o.kubeconfig);
    if (!one) continue;
    if (!kc) kc = one;
    else {
      try {
        // As kubectl: the first file that names a current-context decides it.
        kc.mergeConfig(one, !!kc.getCurrentContext());
      } catch (e) {
        throw new AppFailure({
          code: 'remote-unreachable',
          message: `Cannot merge the kubeconfig ${file}: ${(e as Error).message}`,
        });
      }
    }
  }
  if (!kc)
    throw new AppFailure({
      code: 'remote-unreachable',
      message: 'No kubeconfig: set KUBECONFIG, create ~/.kube/config, or pass --kubeconfig FILE.',
    });
  if (o.context) {
    if (!kc.getContextObject(o.context))
      throw new AppFailure({
        code: 'validation',
        field: 'context',
        message: `--context: no context "${o.context}" in the kubeconfig (it has: ${
          kc
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        }).`,
      });
    kc.setCurrentContext(o.context);
  }
  if (!kc.getCurrentCluster())
    throw new AppFailure({
      code: 'remote-unreachable',
      message: 'The kubeconfig names no cluster for its current context.',
    });
  return kc;
}

/** What using one context's credentials means, for a person to confirm. */
export interface KubeCredentials {
  context: string;
  server: string;
  user: string;
  /** The command lines its exec plugin or auth provider would start, as the kubeconfig names them. */
  runs: string[];
  /** Files its credentials are read from (certificates, keys, token files). */
  reads: string[];
  /** Changes when anything about the cluster or the user entry changes: what a confirmation binds. */
  fingerprint: string;
}

const words = (a: unknown): string[] => (Array.isArray(a) ? a.map((x) => safeText(x)) : []);

/** The credentials of `context` (default: the current one), described without using them. */
export function describeCredentials(kc: KubeConfig, context = kc.getCurrentContext()): KubeCredentials {
  const ctx = kc.getContextObject(context);
  const cluster = ctx ? kc.getCluster(ctx.cluster) : null;
  const user = ctx ? kc.getUser(ctx.user) : null;
  const runs: string[] = [];
  const exec = user?.exec as { command?: unknown; args?: unknown } | undefined;
  if (exec?.command) runs.push([safeText(exec.command), ...words(exec.args)].join(' '));
  const provider = user?.authProvider as { name?: unknown; config?: Record<string, unknown> } | undefined;
  if (provider?.config?.['cmd-path'])
    runs.push(
      [safeText(provider.config['cmd-path']), safeText(provider.config['cmd-args'] ?? '')].join(' ').trim(),
    );
  else if (provider?.name) runs.push(`the "${safeText(provider.name)}" auth provider of client-node`);
  const reads = [cluster?.caFile, user?.certFile, user?.keyFile]
    .filter((f): f is string => typeof f === 'string' && f !== '')
    .map((f) => safeText(f));
  const fingerprint =
    'sha256:' + createHash('sha256').update(JSON.stringify({ context, ctx, cluster, user })).digest('hex');
  return {
    context: safeText(context),
    server: safeText(cluster?.server ?? '?'),
    user: safeText(ctx?.user ?? '?'),
    runs,
    reads,
    fingerprint,
  };
}

/** One paragraph for a confirmation dialog: which cluster, which user, what it runs or reads. */
export function credentialsText(c: KubeCredentials): string {
  return (
    `context ${c.context}: cluster ${c.server} as ${c.user}` +
    (c.runs.length ? `; runs ${c.runs.map((r) => `\`${r}\``).join(' and ')}` : '') +
    (c.reads.length ? `; reads ${c.reads.join(', ')}` : '')
  );
}

/** The kubeconfig loaded now, with `context`'s credentials still the ones the user confirmed. */
export async function loadConfirmedKubeConfig(o: KubeSource & { expect?: string }): Promise<KubeConfig> {
  const kc = await loadKubeConfig(o);
  if (o.expect !== undefined && describeCredentials(kc).fingerprint !== o.expect)
    throw new AppFailure({
      code: 'forbidden',
      message: `The kubeconfig's context ${o.context ?? kc.getCurrentContext()} changed since you confirmed it: nothing was run. Connect again to confirm the new credentials.`,
    });
  return kc;
}
