import { PassThrough } from 'node:stream';
import type { CoreV1Api, KubeConfig, V1Node, V1Pod, V1Status } from '@kubernetes/client-node';
import { AppFailure, type AppError } from '../base/app-error';
import { AgentConnection, type AgentStreams, type ConnectionOptions, type RemoteExit } from './agent-client';
import { loadConfirmedKubeConfig, loadK8s } from './kube-config';
import {
  AGENT_CONTAINER,
  AGENT_EXEC_COMMAND,
  AGENT_NAMESPACE,
  AGENT_SELECTOR,
  WINDOWS_NODE_SELECTOR,
} from './kube-constants';

// The Kubernetes transport: find the agent pod of the DaemonSet (deploy/kubernetes/) on the chosen
// node and exec `hcnproxyctl.exe serve --stdio` in it through the exec API's WebSocket. The exec
// protocol is client-node's (it offers v5.channel.k8s.io first, falls back to v4, and sends the v5
// CLOSE [255, 0] when our stdin ends); the status on channel 3 becomes the RemoteExit.

export interface KubeOptions {
  node: string;
  /** Default as kubectl: KUBECONFIG, then ~/.kube/config (then in-cluster). */
  kubeconfig?: string;
  /** Default: the kubeconfig's current-context. */
  context?: string;
  namespace?: string;
  /** The credentials' fingerprint the user confirmed (kube-config.ts): refused if they changed since. */
  expect?: string;
}

export interface WindowsNode {
  name: string;
  ready: boolean;
  kubeletVersion?: string;
  osImage?: string;
}

type K8s = typeof import('@kubernetes/client-node');

function kubeError(e: unknown, what: string): AppError {
  const err = e as { code?: number; body?: unknown; message?: string };
  const status = typeof err.code === 'number' ? err.code : undefined;
  let detail = err.message ?? String(e);
  try {
    const body = typeof err.body === 'string' ? (JSON.parse(err.body) as { message?: string }) : undefined;
    if (body?.message) detail = body.message;
  } catch {
    /* not a Status body */
  }
  if (status === 401)
    return {
      code: 'remote-auth',
      message: `${what}: the API server did not accept the kubeconfig's credentials (401).`,
    };
  if (status === 403) return { code: 'remote-auth', message: `${what}: forbidden (403): ${detail}` };
  return { code: 'remote-unreachable', message: `${what}: ${detail}` };
}

async function coreApi(kc: KubeConfig): Promise<CoreV1Api> {
  const k8s = await loadK8s();
  return kc.makeApiClient(k8s.CoreV1Api);
}

/** The cluster's Windows nodes (label kubernetes.io/os=windows): the GUI's node switcher lists them. */
export async function listWindowsNodes(
  o: Pick<KubeOptions, 'kubeconfig' | 'context' | 'expect'> = {},
): Promise<WindowsNode[]> {
  const kc = await loadConfirmedKubeConfig(o);
  const api = await coreApi(kc);
  let items: V1Node[];
  try {
    items = (await api.listNode({ labelSelector: WINDOWS_NODE_SELECTOR })).items;
  } catch (e) {
    throw new AppFailure(kubeError(e, `Listing the Windows nodes of ${kc.getCurrentCluster()?.server}`));
  }
  return items.map((n) => ({
    name: n.metadata?.name ?? '?',
    ready: !!n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    ...(n.status?.nodeInfo?.kubeletVersion ? { kubeletVersion: n.status.nodeInfo.kubeletVersion } : {}),
    ...(n.status?.nodeInfo?.osImage ? { osImage: n.status.nodeInfo.osImage } : {}),
  }));
}

/** The running agent pod on a node, or an error that says why there is none. */
export async function findAgentPod(
  kc: KubeConfig,
  node: string,
  namespace = AGENT_NAMESPACE,
): Promise<V1Pod> {
  const api = await coreApi(kc);
  let pods: V1Pod[];
  try {
    pods = (
      await api.listNamespacedPod({
        namespace,
        fieldSelector: `spec.nodeName=${node}`,
        labelSelector: AGENT_SELECTOR,
      })
    ).items;
  } catch (e) {
    throw new AppFailure(kubeError(e, `Looking for the agent pod on ${node}`));
  }
  const running = pods.find((p) => p.status?.phase === 'Running');
  if (running) return running;
  let why = '';
  try {
    const n = await api.readNode({ name: node });
    const os = n.metadata?.labels?.['kubernetes.io/os'];
    if (os && os !== 'windows') why = ` ${node} is a ${os} node; the agent runs on Windows nodes only.`;
  } catch (e) {
    if ((e as { code?: number }).code === 404)
      why = ` The cluster has no node named ${node} (kubectl get nodes -l ${WINDOWS_NODE_SELECTOR}).`;
  }
  const phases = pods.map((p) => `${p.metadata?.name} is ${p.status?.phase ?? 'unknown'}`).join(', ');
  throw new AppFailure({
    code: 'agent-unavailable',
    message:
      `No running hcnproxyctl agent pod on k8s://${node} (namespace ${namespace}, label ${AGENT_SELECTOR})${phases ? `: ${phases}` : ''}.` +
      (why ||
        ` Install the agent DaemonSet (kubectl apply -f deploy/kubernetes/) and check it is scheduled there (kubectl -n ${namespace} get pods -o wide).`),
  });
}

function exitFromStatus(s: V1Status): RemoteExit {
  if (s.status === 'Success') return { code: 0 };
  const code = s.details?.causes?.find((c) => c.reason === 'ExitCode')?.message;
  return {
    code: code !== undefined && /^\d+$/.test(code) ? Number(code) : null,
    message: `${s.reason ?? 'Failure'}: ${s.message ?? 'the command failed'}`,
  };
}

export interface KubeStreams extends AgentStreams {
  pod: string;
  /** The WebSocket subprotocol the API server chose (v5.channel.k8s.io or an older one). */
  protocol: string;
}

export async function openKubeStreams(o: KubeOptions): Promise<KubeStreams> {
  const k8s = await loadK8s();
  const kc = await loadConfirmedKubeConfig(o);
  const namespace = o.namespace ?? AGENT_NAMESPACE;
  const pod = await findAgentPod(kc, o.node, namespace);
  const podName = pod.metadata?.name as string;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let resolveExit!: (e: RemoteExit) => void;
  const exit = new Promise<RemoteExit>((r) => (resolveExit = r));
  let ws: Awaited<ReturnType<InstanceType<K8s['Exec']>['exec']>>;
  try {
    ws = await new k8s.Exec(kc).exec(
      namespace,
      podName,
      AGENT_CONTAINER,
      AGENT_EXEC_COMMAND,
      stdout,
      stderr,
      stdin,
      false,
      (status) => resolveExit(exitFromStatus(status)),
    );
  } catch (e) {
    const msg = (e as { message?: string }).message ?? String(e);
    const http = /Unexpected server response: (\d+)/.exec(msg)?.[1];
    throw new AppFailure({
      code: http === '401' || http === '403' ? 'remote-auth' : 'agent-unavailable',
      message:
        `Cannot exec into ${namespace}/${podName} on k8s://${o.node}: ${msg}` +
        (http === '403' ? ` (the user needs get and create on pods/exec in namespace ${namespace}).` : ''),
    });
  }
  ws.on('close', () => {
    // No status on channel 3 (a dropped connection): the output simply ends.
    resolveExit({ code: null, message: 'the exec WebSocket closed' });
    stdout.end();
    stderr.end();
  });
  ws.on('error', () => undefined);
  return {
    readable: stdout,
    writable: stdin,
    stderr,
    exit,
    close: () => {
      // Half-close first (v5 sends CLOSE [255, 0] when stdin ends; v4 closes the socket itself), so
      // the agent sees end of input; then the socket goes.
      const done = () => ws.close();
      if (stdin.readableEnded) return done();
      stdin.once('end', () => setImmediate(done));
      stdin.end();
      setTimeout(done, 2000).unref();
    },
    pod: `${namespace}/${podName}`,
    protocol: ws.protocol,
  };
}

export async function connectKube(
  o: KubeOptions,
  options: Partial<ConnectionOptions> = {},
): Promise<AgentConnection> {
  const streams = await openKubeStreams(o);
  return AgentConnection.open(streams, {
    label: `k8s://${o.node}`,
    command: `${AGENT_EXEC_COMMAND.join(' ')} (in pod ${streams.pod})`,
    ...options,
  });
}
