// Writes deploy/kubernetes/*.yaml from @kubernetes/client-node's typed models (V1DaemonSet, V1Role,
// ...), serialized by its own ObjectSerializer (dumpYaml), so a field name or shape the API does not
// have fails to type-check here instead of failing at `kubectl apply`. A test checks the committed
// files equal this output. Who may do what, and why: deploy/kubernetes/README.md.
//   npx tsx scripts/gen-k8s-manifests.ts                          the committed files (placeholder digest)
//   npx tsx scripts/gen-k8s-manifests.ts --image REPO@sha256:HEX --out DIR
//                                     the release's files, for the image the release step pushed
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1DaemonSet,
  V1Namespace,
  V1Role,
  V1RoleBinding,
  V1ServiceAccount,
  V1ValidatingAdmissionPolicy,
  V1ValidatingAdmissionPolicyBinding,
} from '@kubernetes/client-node';
import {
  AGENT_CONTAINER,
  AGENT_LABEL_KEY,
  AGENT_NAME,
  AGENT_NAMESPACE,
} from '../electron/remote/kube-constants';

export const MANIFEST_DIR = join(__dirname, '..', 'deploy', 'kubernetes');
/**
 * The committed manifests name the image by a placeholder digest (all zeros: a pull of it fails
 * rather than running something else). The release step builds and pushes the image, then writes
 * the manifests again with `--image REPO@sha256:<its digest>` (deploy/kubernetes/build-image.sh).
 * A tag is refused: a tag can be moved to other bytes after review, a digest cannot.
 */
export const PLACEHOLDER_IMAGE = `hcnproxyctl-agent@sha256:${'0'.repeat(64)}`;
/**
 * The agent's client account: the one service account that may exec into the agent, for an
 * unattended client (a scheduled job, the app on a jump host) given a short-lived token
 * (`kubectl -n hcnproxy-system create token hcnproxyctl-client --duration 1h`).
 */
export const CLIENT_ACCOUNT = 'hcnproxyctl-client';
/** The agent pod's own identity. It holds no role: the agent never calls the Kubernetes API. */
export const POD_ACCOUNT = 'hcnproxyctl-agent';
/** The admins who may use the app against this cluster: add them to this group in your authenticator. */
export const OPERATORS_GROUP = 'hcnproxyctl:operators';
/** The folder the image's files are in, in the container (hcsshim replaces the variable in env values). */
const SANDBOX = '%CONTAINER_SANDBOX_MOUNT_POINT%';
/**
 * PATH in the agent container. Host folders first, which a container's process cannot plant files in
 * (TrustedInstaller-owned); the image's folder, which the container can write, last. hcsshim
 * (internal/jobcontainers/jobcontainer.go) replaces the pod's PATH with this value, appends the
 * image's root, PowerShell and Wbem, and finds the exec'd `hcnproxyctl.exe` on it.
 */
export const AGENT_PATH = [
  'C:\\Windows\\System32',
  'C:\\Windows',
  'C:\\Windows\\System32\\WindowsPowerShell\\v1.0',
  `${SANDBOX}\\hcnproxyctl`,
].join(';');

/** `REPO@sha256:<64 hex>` (a registry host with a port is fine); anything with a tag is refused. */
export function checkImageReference(image: string): string | null {
  const m =
    /^([a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)@sha256:([0-9a-f]{64})$/.exec(
      image,
    );
  if (m) return null;
  const lastPart = image.split('/').pop() ?? '';
  if (lastPart.split('@')[0]?.includes(':'))
    return `--image ${JSON.stringify(image)} has a tag: name the image by digest only (REPO@sha256:<64 hex digits>), as the release step's push printed it.`;
  return `--image ${JSON.stringify(image)} is not REPO@sha256:<64 hex digits> (lower-case repository path, a sha256 digest).`;
}

const EXEC_ROLE = 'hcnproxyctl-exec';
const NODE_READER_ROLE = 'hcnproxyctl-node-reader';

const labels = { [AGENT_LABEL_KEY]: AGENT_NAME, 'app.kubernetes.io/part-of': 'hcn-proxy-control' };

function namespace(): V1Namespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: AGENT_NAMESPACE,
      // HostProcess pods are refused by the baseline and restricted Pod Security levels; a cluster
      // that enforces one by default would refuse the agent. Privileged here only, which is why
      // nothing else may run in this namespace (30-admission.yaml).
      labels: { ...labels, 'pod-security.kubernetes.io/enforce': 'privileged' },
    },
  };
}

function serviceAccount(name: string): V1ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name, namespace: AGENT_NAMESPACE, labels },
    automountServiceAccountToken: false,
  };
}

/** Namespace-scoped: find the agent pod, exec into it. Nothing else (no create/delete of pods). */
function role(): V1Role {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: EXEC_ROLE, namespace: AGENT_NAMESPACE, labels },
    rules: [
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      // A WebSocket exec is an HTTP GET: older API servers authorize it as get, newer ones (KEP-4006,
      // AuthorizePodWebsocketUpgradeCreatePermission) as create. Both, and only on pods/exec.
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['get', 'create'] },
    ],
  };
}

/** Cluster-scoped (nodes are): the node switcher lists Windows nodes. */
function clusterRole(): V1ClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: NODE_READER_ROLE, labels },
    rules: [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }],
  };
}

const subjects = [
  { kind: 'ServiceAccount', name: CLIENT_ACCOUNT, namespace: AGENT_NAMESPACE },
  { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: OPERATORS_GROUP },
];

/** Grants a role to the client account and the operators group; the binding is named after its role. */
function binding(roleKind: 'Role' | 'ClusterRole', name: string, namespace?: string): V1RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: `${roleKind}Binding`,
    metadata: { name, ...(namespace ? { namespace } : {}), labels },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name },
    subjects,
  };
}

function roleBinding(): V1RoleBinding {
  return binding('Role', EXEC_ROLE, AGENT_NAMESPACE);
}

function clusterRoleBinding(): V1ClusterRoleBinding {
  return binding('ClusterRole', NODE_READER_ROLE);
}

function daemonSet(image: string): V1DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: AGENT_NAME, namespace: AGENT_NAMESPACE, labels },
    spec: {
      selector: { matchLabels: { [AGENT_LABEL_KEY]: AGENT_NAME } },
      updateStrategy: { type: 'RollingUpdate' },
      template: {
        metadata: { labels },
        spec: {
          nodeSelector: { 'kubernetes.io/os': 'windows' },
          // HostProcess: runs on the host, sees the host's HNS; HNS changes need SYSTEM (or admin).
          securityContext: {
            windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\SYSTEM' },
          },
          hostNetwork: true,
          // Its own account, bound to nothing, and no token: the agent never calls the Kubernetes API.
          serviceAccountName: POD_ACCOUNT,
          automountServiceAccountToken: false,
          containers: [
            {
              name: AGENT_CONTAINER,
              image,
              imagePullPolicy: 'IfNotPresent',
              // The pod only has to stay up: each app session execs `hcnproxyctl.exe serve --stdio`.
              // A HostProcess container can run the host's own binaries: ping.exe idles in a few MB
              // where a PowerShell sleep loop holds tens (the job's memory limit counts both).
              command: [
                'C:\\Windows\\System32\\cmd.exe',
                '/c',
                'C:\\Windows\\System32\\PING.EXE -t 127.0.0.1 > NUL',
              ],
              env: [{ name: 'PATH', value: AGENT_PATH }],
              resources: {
                requests: { cpu: '10m', memory: '32Mi' },
                limits: { memory: AGENT_MEMORY_LIMIT },
              },
            },
          ],
          tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
        },
      },
    },
  };
}

/**
 * A HostProcess job's memory limit is job-wide (Kubernetes docs, "Create a Windows HostProcess Pod"):
 * it holds the sleeper and every exec session. Measured (scripts/measure-agent-memory.mjs, the CLI
 * bundle on Linux node 22.22.2, node.exe's version; resident set from /proc/PID/status; three runs
 * agreed within 2 MB): `serve --stdio` 113 MB idle after the handshake, 118 MB peak after 100
 * requests over 5 channels (simulated node); the thread-pool relaunch's parent, which has compiled
 * the whole bundle and waits for its child, 100 MB. Two sessions: 2 x (118 + 100) = 436 MB, plus the
 * sleeper (cmd.exe + ping.exe, a few MB, not measurable here). Limit 768 Mi, the measurement x 1.7:
 * margin for the difference between a Linux resident set and a Windows job's committed memory
 * (inferred, not measured) and a larger node's answers.
 */
const AGENT_MEMORY_LIMIT = '768Mi';

const DAEMONSET_NOTE = `# Needs Kubernetes 1.26+ (HostProcess stable) and containerd 1.7+ on the Windows nodes: 1.6 runs
# HostProcess containers too, but Kubernetes recommends 1.7, whose file binding puts the image at
# C:\\hpc; under 1.6 it is at C:\\hpc\\<container id>. PATH names it as ${SANDBOX}, which hcsshim
# replaces in either case (internal/jobcontainers), after the host folders a container cannot write.
# Memory limit ${AGENT_MEMORY_LIMIT}, job-wide (sleeper + every exec session): two sessions measured
# 436 MB resident on Linux node 22.22.2 (each: agent 118 MB peak + the thread-pool relaunch's parent
# 100 MB), x 1.7 margin; how: scripts/measure-agent-memory.mjs.
`;

const RBAC_NOTE = `# pods/exec in ${AGENT_NAMESPACE} is SYSTEM on every Windows node's HNS. It is held by:
#   - Group ${OPERATORS_GROUP}: the admins who run the app or CLI against this cluster;
#   - ServiceAccount ${CLIENT_ACCOUNT}: unattended clients, with short-lived tokens (kubectl create token);
#   - cluster-admin, as everywhere (not granted here).
# The agent pod's own account (${POD_ACCOUNT}) holds nothing. See deploy/kubernetes/README.md.
`;

const ADMISSION_NOTE = `# The namespace is privileged (HostProcess needs it), so nothing but the agent may run there: a pod is
# admitted only when the DaemonSet controller creates it for ${AGENT_NAME}; its spec never changes in
# place; no ephemeral (debug) containers. ValidatingAdmissionPolicy is GA in Kubernetes 1.30.
`;

const ADMISSION_POLICY = 'hcnproxyctl-agent-namespace';

/** Who creates DaemonSet pods: the controller's own account, or the controller manager's where it does not use per-controller accounts (--use-service-account-credentials=false; inferred from kube-controller-manager's flags). */
const DAEMONSET_CONTROLLER = [
  'system:serviceaccount:kube-system:daemon-set-controller',
  'system:kube-controller-manager',
];

function admissionPolicy(): V1ValidatingAdmissionPolicy {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicy',
    metadata: { name: ADMISSION_POLICY, labels },
    spec: {
      failurePolicy: 'Fail',
      matchConstraints: {
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': AGENT_NAMESPACE } },
        resourceRules: [
          {
            apiGroups: [''],
            apiVersions: ['v1'],
            operations: ['CREATE', 'UPDATE'],
            resources: ['pods', 'pods/ephemeralcontainers'],
          },
        ],
      },
      variables: [
        {
          name: 'byDaemonSetController',
          expression: `request.userInfo.username in ${JSON.stringify(DAEMONSET_CONTROLLER)}`,
        },
        {
          name: 'ownedByAgent',
          expression:
            `has(object.metadata.ownerReferences) && object.metadata.ownerReferences.exists(r, ` +
            `r.apiVersion == 'apps/v1' && r.kind == 'DaemonSet' && r.name == '${AGENT_NAME}' && ` +
            `has(r.controller) && r.controller)`,
        },
      ],
      validations: [
        {
          expression: "request.subResource != 'ephemeralcontainers'",
          message: `No ephemeral containers in ${AGENT_NAMESPACE}: it runs only the hcnproxyctl agent.`,
        },
        {
          expression:
            "request.operation != 'CREATE' || (variables.byDaemonSetController && variables.ownedByAgent)",
          message: `Only the ${AGENT_NAME} DaemonSet creates pods in ${AGENT_NAMESPACE}.`,
        },
        {
          expression: "request.operation != 'UPDATE' || object.spec == oldObject.spec",
          message: `The agent pod's spec does not change in place: change the ${AGENT_NAME} DaemonSet.`,
        },
      ],
    },
  };
}

function admissionBinding(): V1ValidatingAdmissionPolicyBinding {
  return {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: { name: ADMISSION_POLICY, labels },
    spec: { policyName: ADMISSION_POLICY, validationActions: ['Deny'] },
  };
}

const HEADER =
  '# Generated by scripts/gen-k8s-manifests.ts from @kubernetes/client-node typed models; do not edit.\n';

export async function generateManifests(image: string = PLACEHOLDER_IMAGE): Promise<Record<string, string>> {
  const bad = checkImageReference(image);
  if (bad) throw new Error(bad);
  const { dumpYaml } = await import('@kubernetes/client-node');
  const prettier = await import('prettier');
  // Formatted as the repository's Prettier check wants it, so `prettier --check .` and this agree.
  const options = { ...(await prettier.resolveConfig(join(MANIFEST_DIR, 'x.yaml'))), parser: 'yaml' };
  const doc = (note: string, ...objects: object[]) =>
    prettier.format(HEADER + note + objects.map((o) => '---\n' + dumpYaml(o)).join(''), options);
  return {
    '00-namespace.yaml': await doc('', namespace()),
    '10-rbac.yaml': await doc(
      RBAC_NOTE,
      serviceAccount(CLIENT_ACCOUNT),
      serviceAccount(POD_ACCOUNT),
      role(),
      roleBinding(),
      clusterRole(),
      clusterRoleBinding(),
    ),
    '20-daemonset.yaml': await doc(DAEMONSET_NOTE, daemonSet(image)),
    '30-admission.yaml': await doc(ADMISSION_NOTE, admissionPolicy(), admissionBinding()),
  };
}

/** `--image REPO@sha256:HEX --out DIR`, both or neither; anything else is refused with the reason. */
export function parseArgs(argv: readonly string[]): { image: string; outDir: string } | { error: string } {
  const opts: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i] as string, argv[i + 1]];
    if (flag !== '--image' && flag !== '--out') return { error: `Unknown argument ${JSON.stringify(flag)}.` };
    if (value === undefined || value.startsWith('--')) return { error: `${flag} needs a value.` };
    opts[flag] = value;
  }
  if (!opts['--image'] !== !opts['--out'])
    return { error: 'Give --image and --out together: the committed folder keeps the placeholder digest.' };
  const image = opts['--image'] ?? PLACEHOLDER_IMAGE;
  const bad = checkImageReference(image);
  if (bad) return { error: bad };
  return { image, outDir: opts['--out'] ?? MANIFEST_DIR };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`gen-k8s-manifests: ${args.error}\n`);
    process.exitCode = 2;
    return;
  }
  mkdirSync(args.outDir, { recursive: true });
  for (const [name, text] of Object.entries(await generateManifests(args.image))) {
    writeFileSync(join(args.outDir, name), text);
    process.stdout.write(`wrote ${join(args.outDir, name)}\n`);
  }
}

if (process.argv[1] && /gen-k8s-manifests\.ts$/.test(process.argv[1])) void main();
