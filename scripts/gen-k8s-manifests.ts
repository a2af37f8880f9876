// Writes deploy/kubernetes/*.yaml from @kubernetes/client-node's typed models (V1DaemonSet, V1Role,
// ...), serialized by its own ObjectSerializer (dumpYaml), so a field name or shape the API does not
// have fails to type-check here instead of failing at `kubectl apply`. A test checks the committed
// files equal this output. Run: npx tsx scripts/gen-k8s-manifests.ts
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type {
  V1ClusterRole,
  V1ClusterRoleBinding,
  V1DaemonSet,
  V1Namespace,
  V1Role,
  V1RoleBinding,
  V1ServiceAccount,
} from '@kubernetes/client-node';
import pkg from '../package.json';
import {
  AGENT_CONTAINER,
  AGENT_LABEL_KEY,
  AGENT_NAME,
  AGENT_NAMESPACE,
} from '../electron/remote/kube-constants';

export const MANIFEST_DIR = join(__dirname, '..', 'deploy', 'kubernetes');
/** The image `docker build` in deploy/kubernetes/Dockerfile produces; push it and set yours. */
export const AGENT_IMAGE = `hcnproxyctl-agent:${pkg.version}`;
/** The identity the app (GUI or CLI) uses; bound to exactly what the Kubernetes transport calls. */
export const CLIENT_ACCOUNT = 'hcnproxyctl-client';
/** People who may use the app against this cluster: add them to this group in your authenticator. */
export const OPERATORS_GROUP = 'hcnproxyctl:operators';

const EXEC_ROLE = 'hcnproxyctl-exec';
const NODE_READER_ROLE = 'hcnproxyctl-node-reader';

const labels = { [AGENT_LABEL_KEY]: AGENT_NAME, 'app.kubernetes.io/part-of': 'hcn-proxy-control' };

function namespace(): V1Namespace {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: AGENT_NAMESPACE, labels } };
}

function serviceAccount(): V1ServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: CLIENT_ACCOUNT, namespace: AGENT_NAMESPACE, labels },
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

function daemonSet(): V1DaemonSet {
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
          // The agent never calls the Kubernetes API.
          automountServiceAccountToken: false,
          containers: [
            {
              name: AGENT_CONTAINER,
              image: AGENT_IMAGE,
              imagePullPolicy: 'IfNotPresent',
              // The pod only has to stay up: each app session execs `hcnproxyctl.exe serve --stdio`.
              // A HostProcess container can run the host's own binaries (PowerShell here).
              command: [
                'powershell.exe',
                '-NoLogo',
                '-NoProfile',
                '-NonInteractive',
                '-Command',
                'while ($true) { Start-Sleep -Seconds 3600 }',
              ],
              resources: {
                requests: { cpu: '10m', memory: '32Mi' },
                limits: { memory: '256Mi' },
              },
            },
          ],
          tolerations: [{ key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule' }],
        },
      },
    },
  };
}

const HEADER =
  '# Generated by scripts/gen-k8s-manifests.ts from @kubernetes/client-node typed models; do not edit.\n';

export async function generateManifests(): Promise<Record<string, string>> {
  const { dumpYaml } = await import('@kubernetes/client-node');
  const prettier = await import('prettier');
  // Formatted as the repository's Prettier check wants it, so `prettier --check .` and this agree.
  const options = { ...(await prettier.resolveConfig(join(MANIFEST_DIR, 'x.yaml'))), parser: 'yaml' };
  const doc = (...objects: object[]) =>
    prettier.format(HEADER + objects.map((o) => '---\n' + dumpYaml(o)).join(''), options);
  return {
    '00-namespace.yaml': await doc(namespace()),
    '10-rbac.yaml': await doc(serviceAccount(), role(), roleBinding(), clusterRole(), clusterRoleBinding()),
    '20-daemonset.yaml': await doc(daemonSet()),
  };
}

async function main(): Promise<void> {
  for (const [name, text] of Object.entries(await generateManifests())) {
    writeFileSync(join(MANIFEST_DIR, name), text);
    process.stdout.write(`wrote deploy/kubernetes/${name}\n`);
  }
}

if (process.argv[1] && /gen-k8s-manifests\.ts$/.test(process.argv[1])) void main();
