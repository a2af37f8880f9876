import type { ConnectionOptions } from './agent-client';
import type { NodeTarget } from './node-target';
import type { Connector } from './remote-router';

// How to reach one node: the transport its target names, with the files and limits given. The CLI's
// --node (electron/cli/remote-options.ts) and the GUI's node manager (fleet.ts) both connect here.

export interface RemoteSpec {
  target: NodeTarget;
  keyFile?: string;
  knownHostsFile?: string;
  remoteAgent?: string;
  kubeconfig?: string;
  context?: string;
  /**
   * What the user confirmed (GUI): the host key's SHA256 fingerprint of an SSH node, the credentials'
   * fingerprint of a Kubernetes context (kube-config.ts). A node presenting anything else is refused.
   */
  expect?: string;
  /** Deadlines and limits of the agent connection (CLI --timeout). */
  connection?: Partial<ConnectionOptions>;
}

export function connectorFor(spec: RemoteSpec): Connector {
  const { target } = spec;
  const connection = spec.connection ?? {};
  if (target.kind === 'ssh') {
    return {
      label: target.label,
      connect: async () => {
        const { connectSsh } = await import('./ssh-transport');
        return connectSsh(
          {
            target,
            ...(spec.keyFile ? { keyFile: spec.keyFile } : {}),
            ...(spec.knownHostsFile ? { knownHostsFile: spec.knownHostsFile } : {}),
            ...(spec.remoteAgent ? { remoteAgent: spec.remoteAgent } : {}),
            ...(spec.expect ? { expectFingerprint: spec.expect } : {}),
            ...(connection.handshakeTimeoutMs ? { readyTimeoutMs: connection.handshakeTimeoutMs } : {}),
          },
          connection,
        );
      },
    };
  }
  return {
    label: target.label,
    connect: async () => {
      const { connectKube } = await import('./kube-transport');
      return connectKube(
        {
          node: target.node,
          ...(spec.kubeconfig ? { kubeconfig: spec.kubeconfig } : {}),
          ...(spec.context ? { context: spec.context } : {}),
          ...(spec.expect ? { expect: spec.expect } : {}),
        },
        connection,
      );
    },
  };
}
