// Names the DaemonSet manifests (scripts/gen-k8s-manifests.ts) and the Kubernetes transport
// (kube-transport.ts) must agree on. Plain constants: importing them pulls in no Kubernetes client.

export const AGENT_NAMESPACE = 'hcnproxy-system';
export const AGENT_NAME = 'hcnproxyctl-agent';
export const AGENT_CONTAINER = 'agent';
/** The pod label the transport selects on (app.kubernetes.io/name, the recommended label). */
export const AGENT_LABEL_KEY = 'app.kubernetes.io/name';
export const AGENT_SELECTOR = `${AGENT_LABEL_KEY}=${AGENT_NAME}`;
/** Windows nodes carry this well-known label (kubelet sets it from the OS). */
export const WINDOWS_NODE_SELECTOR = 'kubernetes.io/os=windows';
/** What the transport execs in the agent pod. */
export const AGENT_EXEC_COMMAND = ['hcnproxyctl.exe', 'serve', '--stdio'];
