import { AppFailure } from '../base/app-error';
import { mapLimit } from '../base/map-limit';
import { toAppError } from '../core/services/errors';
import type { Question } from './host-key-trust';
import { credentialsText, describeCredentials, loadKubeConfig, type KubeCredentials } from './kube-config';
import { parseNodeTarget, type NodeTarget } from './node-target';

// Finding the Windows nodes of the kubeconfig's contexts, on the user's request only. Listing nodes
// uses each context's credentials, which may start an exec plugin named in a file the un-elevated
// user can write; so the user first sees, in main's native dialog, every cluster and every command
// that would run, and nothing runs unless they agree. Each node found still needs its own Connect
// confirmation before the app execs into its agent pod (fleet.ts).

export interface DiscoveredNode {
  target: Extract<NodeTarget, { kind: 'k8s' }>;
  context: string;
}

export interface DiscoveryOptions {
  kubeconfig?: string;
  confirm: (q: Question) => Promise<boolean>;
  /** Warnings: a context that failed, a node name that is not one. */
  note: (text: string) => void;
}

const SHOWN_CONTEXTS = 10;

export function discoveryQuestion(all: KubeCredentials[]): Question {
  const shown = all.slice(0, SHOWN_CONTEXTS).map(credentialsText);
  const more = all.length > SHOWN_CONTEXTS ? [`and ${all.length - SHOWN_CONTEXTS} more contexts`] : [];
  return {
    title: 'Use your kubeconfig to find Windows nodes?',
    detail: [
      'HCN Proxy Control will list the Windows nodes of every kubeconfig context with its credentials, with the rights this app runs with:',
      ...shown,
      ...more,
    ].join('\n'),
    action: 'Find nodes',
  };
}

/** The contexts' Windows nodes, after the user agreed to use their credentials. */
export async function discoverKubernetes(o: DiscoveryOptions): Promise<DiscoveredNode[]> {
  const kt = await import('./kube-transport');
  const file = o.kubeconfig ? { kubeconfig: o.kubeconfig } : {};
  const kc = await loadKubeConfig(file);
  const contexts = kc.getContexts().map((c) => c.name);
  const creds = contexts.map((c) => describeCredentials(kc, c));
  if (!(await o.confirm(discoveryQuestion(creds))))
    throw new AppFailure({
      code: 'request-cancelled',
      message: 'No Kubernetes nodes were looked for: using the kubeconfig was not confirmed.',
    });
  const found: DiscoveredNode[] = [];
  await mapLimit(contexts, 4, async (context, i) => {
    let names: string[] = [];
    try {
      const nodes = await kt.listWindowsNodes({ ...file, context, expect: creds[i]!.fingerprint });
      names = nodes.map((n) => n.name);
    } catch (e) {
      o.note(`Context ${context}: ${toAppError(e).message}`);
    }
    for (const name of names) {
      try {
        found.push({ target: parseNodeTarget(`k8s://${name}`) as DiscoveredNode['target'], context });
      } catch (e) {
        // The API server's answer is data: a name that is not a node name is skipped, never fatal.
        o.note(`Context ${context}: skipped a node the API server named: ${toAppError(e).message}`);
      }
    }
  });
  return found;
}
