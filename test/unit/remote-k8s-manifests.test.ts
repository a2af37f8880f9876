import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAllYaml } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { generateManifests, MANIFEST_DIR } from '../../scripts/gen-k8s-manifests';

// deploy/kubernetes/*.yaml are generated (scripts/gen-k8s-manifests.ts); the committed files must be
// exactly that output, and say what the issue asks of them.

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string };
  rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('Kubernetes manifests', { timeout: 120_000 }, () => {
  it('the committed YAML equals the generator output (run npx tsx scripts/gen-k8s-manifests.ts)', async () => {
    const generated = await generateManifests();
    expect(Object.keys(generated).sort()).toEqual(['00-namespace.yaml', '10-rbac.yaml', '20-daemonset.yaml']);
    for (const [name, text] of Object.entries(generated))
      expect(readFileSync(join(MANIFEST_DIR, name), 'utf8'), name).toBe(text);
  });

  it('RBAC grants only get+create on pods/exec and get/list on pods (namespace), get/list on nodes', async () => {
    const objs = loadAllYaml(readFileSync(join(MANIFEST_DIR, '10-rbac.yaml'), 'utf8')) as Obj[];
    const rules = (kind: string) => objs.find((o) => o.kind === kind)?.rules;
    expect(objs.find((o) => o.kind === 'Role')?.metadata.namespace).toBe('hcnproxy-system');
    expect(rules('Role')).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: [''], resources: ['pods/exec'], verbs: ['get', 'create'] },
    ]);
    expect(rules('ClusterRole')).toEqual([{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] }]);
    expect(objs.map((o) => o.kind).sort()).toEqual(
      ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ServiceAccount'].sort(),
    );
  });

  it('the DaemonSet is a HostProcess pod as SYSTEM on host network, Windows nodes only', () => {
    const [ds] = loadAllYaml(readFileSync(join(MANIFEST_DIR, '20-daemonset.yaml'), 'utf8')) as Obj[];
    const pod = ds!.spec.template.spec;
    expect(pod.securityContext.windowsOptions).toEqual({
      hostProcess: true,
      runAsUserName: 'NT AUTHORITY\\SYSTEM',
    });
    expect(pod.hostNetwork).toBe(true);
    expect(pod.nodeSelector).toEqual({ 'kubernetes.io/os': 'windows' });
    expect(pod.containers.map((c: { name: string }) => c.name)).toEqual(['agent']);
    expect(ds!.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'hcnproxyctl-agent' });
  });

  it('the Dockerfile builds on the HostProcess base image and copies the standalone CLI', () => {
    const text = readFileSync(join(MANIFEST_DIR, 'Dockerfile'), 'utf8');
    expect(text).toMatch(
      /^FROM mcr\.microsoft\.com\/oss\/kubernetes\/windows-host-process-containers-base-image:/m,
    );
    expect(text).toMatch(/^COPY release\/hcnproxyctl-win-x64\/ /m);
  });
});
