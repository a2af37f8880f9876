import type { AppError } from '../base/app-error';
import type { HnsInfo } from '../core/views';
import type { NodeInfo } from '../ipc/fleet-schema';
import type { NodeTarget } from './node-target';
import type { RemoteRouter } from './remote-router';
import type { HostKeyReport } from './ssh-transport';

// The GUI's remote nodes and what the user has confirmed about each. A node is listed as soon as it
// is added or discovered, but nothing of the administrator's (SSH key or agent, kubeconfig
// credentials) is used for it until `consent` holds what the user confirmed in main's native dialog:
// the host key's fingerprint (SSH) or the credentials' fingerprint (Kubernetes). The connector checks
// it on every connect (fleet.ts), so no order of window calls can reach a node before that.

export const LOCAL = 'local';

export type FleetNodeKind = NodeInfo['kind'];

export interface RemoteNode {
  id: string;
  kind: FleetNodeKind;
  router: RemoteRouter;
  target?: NodeTarget;
  /** The fingerprint the user confirmed for this node; unset: never connected. */
  consent?: string;
  /** SSH: the host key waiting for the user's trust (nothing is sent to the node meanwhile). */
  pendingKey?: HostKeyReport;
  /** Kubernetes: where its credentials come from. */
  kube?: { kubeconfig?: string; context: string };
  /** The confirmation being asked for this node now: a second call waits for the same answer. */
  asking?: Promise<NodeInfo>;
}

export const versionOf = (info: HnsInfo): string | undefined =>
  info.version ? `${info.version.major}.${info.version.minor}` : undefined;

export class NodeRegistry {
  private readonly nodes = new Map<string, RemoteNode>();

  add(node: RemoteNode): RemoteNode {
    this.nodes.set(node.id, node);
    return node;
  }

  has(id: string): boolean {
    return this.nodes.has(id);
  }

  find(id: string): RemoteNode | undefined {
    return this.nodes.get(id);
  }

  delete(id: string): void {
    this.nodes.delete(id);
  }

  all(): RemoteNode[] {
    return [...this.nodes.values()];
  }

  /** Nodes a fleet-wide call asks by default: confirmed, no host key waiting. */
  usable(): RemoteNode[] {
    return this.all().filter((n) => n.consent !== undefined && !n.pendingKey);
  }
}

/** What nodes.list shows of one remote node. */
export function nodeInfo(n: RemoteNode): NodeInfo {
  const base = { id: n.id, label: n.router.label, kind: n.kind };
  if (n.pendingKey) {
    const k = n.pendingKey;
    return {
      ...base,
      status: 'host-key',
      hostKey: {
        status: k.status,
        keyType: k.keyType,
        fingerprint: k.fingerprint,
        knownHostsFile: k.knownHostsFile,
        ...(k.knownFingerprint ? { knownFingerprint: k.knownFingerprint } : {}),
      },
    };
  }
  const s = n.router.state;
  switch (s.status) {
    case 'connected': {
      const h = s.handshake;
      const v = h.hns.ok ? versionOf(h.hns.info) : undefined;
      return {
        ...base,
        status: 'connected',
        hostname: h.hostname,
        ...(v ? { hnsVersion: v } : {}),
        ...(h.hns.ok ? { l4WfpProxySupported: h.hns.info.l4WfpProxySupported } : {}),
      };
    }
    case 'unreachable':
      return { ...base, status: 'unreachable', error: s.error };
    default:
      return { ...base, status: s.status };
  }
}

/** The refusal of a node the user has not confirmed: nothing was sent and no credential was used. */
export function notConfirmed(n: RemoteNode): AppError {
  return n.pendingKey
    ? {
        code: 'host-key-unknown',
        message: `Confirm the host key of ${n.router.label} (${n.pendingKey.fingerprint}) before using it.`,
      }
    : {
        code: 'forbidden',
        message: `${n.router.label} is not connected: connect to it first (you are asked to confirm in a dialog of this app).`,
      };
}
