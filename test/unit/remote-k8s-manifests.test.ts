import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAllYaml } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import {
  AGENT_PATH,
  checkImageReference,
  CLIENT_ACCOUNT,
  generateManifests,
  MANIFEST_DIR,
  OPERATORS_GROUP,
  parseArgs,
  PLACEHOLDER_IMAGE,
  POD_ACCOUNT,
} from '../../scripts/gen-k8s-manifests';

// deploy/kubernetes/*.yaml are generated (scripts/gen-k8s-manifests.ts); the committed files must be
// exactly that output, and say what the issue asks of them.

interface Obj {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>;
  roleRef?: { kind: string; name: string };
  subjects?: Array<{ kind: string; name: string }>;
  automountServiceAccountToken?: boolean;
  spec?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const load = (file: string) => loadAllYaml(readFileSync(join(MANIFEST_DIR, file), 'utf8')) as Obj[];
const DIGEST = 'sha256:' + 'ab12'.repeat(16);

describe('Kubernetes manifests', { timeout: 120_000 }, () => {
  it('the committed YAML equals the generator output (run npx tsx scripts/gen-k8s-manifests.ts)', async () => {
    const generated = await generateManifests();
    expect(Object.keys(generated).sort()).toEqual([
      '00-namespace.yaml',
      '10-rbac.yaml',
      '20-daemonset.yaml',
      '30-admission.yaml',
    ]);
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
      ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ServiceAccount', 'ServiceAccount'].sort(),
    );
  });

  it('pods/exec is held by the client account and the operators group only; the pod account holds nothing', () => {
    const objs = load('10-rbac.yaml');
    const roles = objs.filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole');
    const execRoles = roles
      .filter((r) => r.rules?.some((rule) => rule.resources.includes('pods/exec')))
      .map((r) => r.metadata.name);
    const holders = objs
      .filter((o) => o.kind.endsWith('Binding') && execRoles.includes(o.roleRef!.name))
      .flatMap((b) => b.subjects!.map((s) => `${s.kind}/${s.name}`));
    expect(holders.sort()).toEqual([`Group/${OPERATORS_GROUP}`, `ServiceAccount/${CLIENT_ACCOUNT}`]);
    const bound = objs
      .filter((o) => o.kind.endsWith('Binding'))
      .flatMap((b) => b.subjects!.map((s) => s.name));
    expect(bound).not.toContain(POD_ACCOUNT);
    // Every account declared is used: the client's by its binding, the pod's by the DaemonSet.
    const accounts = objs.filter((o) => o.kind === 'ServiceAccount');
    expect(accounts.map((a) => a.metadata.name).sort()).toEqual([CLIENT_ACCOUNT, POD_ACCOUNT].sort());
    expect(accounts.every((a) => a.automountServiceAccountToken === false)).toBe(true);
    const [ds] = load('20-daemonset.yaml');
    expect(ds!.spec.template.spec.serviceAccountName).toBe(POD_ACCOUNT);
    expect(ds!.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  it('the namespace enforces the privileged Pod Security level (HostProcess) and admits only the agent', () => {
    const [ns] = load('00-namespace.yaml');
    expect(ns!.metadata.labels!['pod-security.kubernetes.io/enforce']).toBe('privileged');
    const [policy, binding] = load('30-admission.yaml');
    expect(policy!.kind).toBe('ValidatingAdmissionPolicy');
    expect(policy!.spec.failurePolicy).toBe('Fail');
    expect(policy!.spec.matchConstraints.namespaceSelector.matchLabels).toEqual({
      'kubernetes.io/metadata.name': ns!.metadata.name,
    });
    expect(policy!.spec.matchConstraints.resourceRules[0].resources).toEqual([
      'pods',
      'pods/ephemeralcontainers',
    ]);
    const rules = policy!.spec.validations.map((v: { expression: string }) => v.expression).join('\n');
    expect(rules).toContain("request.subResource != 'ephemeralcontainers'");
    expect(rules).toContain('variables.byDaemonSetController && variables.ownedByAgent');
    expect(rules).toContain('object.spec == oldObject.spec');
    expect(binding).toMatchObject({
      kind: 'ValidatingAdmissionPolicyBinding',
      spec: { policyName: policy!.metadata.name, validationActions: ['Deny'] },
    });
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

  it('PATH: host folders first, the image folder (which the container can write) last, by its variable', () => {
    const [ds] = load('20-daemonset.yaml');
    const [container] = ds!.spec.template.spec.containers;
    expect(container.env).toEqual([{ name: 'PATH', value: AGENT_PATH }]);
    const entries = AGENT_PATH.split(';');
    expect(entries[0]).toBe('C:\\Windows\\System32');
    expect(entries.at(-1)).toBe('%CONTAINER_SANDBOX_MOUNT_POINT%\\hcnproxyctl');
    for (const e of entries.slice(0, -1)) expect(e).toMatch(/^C:\\Windows(\\|$)/);
    // The sleeper is named by its absolute host path, not looked up on PATH.
    expect(container.command[0]).toBe('C:\\Windows\\System32\\cmd.exe');
  });

  it('the memory limit and containerd version are stated, with the measurement, in the manifest', () => {
    const text = readFileSync(join(MANIFEST_DIR, '20-daemonset.yaml'), 'utf8');
    const [ds] = load('20-daemonset.yaml');
    const limit = ds!.spec.template.spec.containers[0].resources.limits.memory;
    expect(limit).toBe('768Mi');
    expect(text).toContain(`# Memory limit ${limit}, job-wide (sleeper + every exec session)`);
    expect(text).toMatch(/measured\n# 436 MB resident/);
    expect(text).toContain('containerd 1.7+');
    expect(text).toContain('scripts/measure-agent-memory.mjs');
  });

  it('the image is named by digest: the committed placeholder, or the release digest; a tag is refused', async () => {
    const [ds] = load('20-daemonset.yaml');
    expect(ds!.spec.template.spec.containers[0].image).toBe(PLACEHOLDER_IMAGE);
    expect(checkImageReference(PLACEHOLDER_IMAGE)).toBeNull();
    expect(checkImageReference(`registry.example.com:5000/team/hcnproxyctl-agent@${DIGEST}`)).toBeNull();
    expect(checkImageReference('hcnproxyctl-agent:0.1.0')).toMatch(
      /has a tag: name the image by digest only/,
    );
    expect(checkImageReference(`hcnproxyctl-agent:0.1.0@${DIGEST}`)).toMatch(/has a tag/);
    expect(checkImageReference('registry.example.com:5000/hcnproxyctl-agent')).toMatch(
      /is not REPO@sha256:<64 hex digits>/,
    );
    expect(checkImageReference('hcnproxyctl-agent@sha256:abc')).toMatch(/is not REPO@sha256/);
    expect(checkImageReference(`hcnproxyctl-agent@${DIGEST.toUpperCase()}`)).toMatch(/is not REPO@sha256/);
    expect(parseArgs(['--image', 'repo:1.0', '--out', 'x'])).toEqual({
      error: expect.stringMatching(/has a tag/),
    });
    expect(parseArgs(['--image', `repo@${DIGEST}`])).toEqual({
      error: 'Give --image and --out together: the committed folder keeps the placeholder digest.',
    });
    expect(parseArgs(['--image', `repo@${DIGEST}`, '--out', 'rel'])).toEqual({
      image: `repo@${DIGEST}`,
      outDir: 'rel',
    });
    await expect(generateManifests('repo:1.0')).rejects.toThrow(/has a tag/);
    const release = await generateManifests(`registry.example.com/hcnproxyctl-agent@${DIGEST}`);
    const [rds] = loadAllYaml(release['20-daemonset.yaml']!) as Obj[];
    expect(rds!.spec.template.spec.containers[0].image).toBe(
      `registry.example.com/hcnproxyctl-agent@${DIGEST}`,
    );
  });

  it('the Dockerfile builds on the HostProcess base image and copies the standalone CLI', () => {
    const text = readFileSync(join(MANIFEST_DIR, 'Dockerfile'), 'utf8');
    expect(text).toMatch(
      /^FROM mcr\.microsoft\.com\/oss\/kubernetes\/windows-host-process-containers-base-image:/m,
    );
    expect(text).toMatch(/^COPY release\/hcnproxyctl-win-x64\/ /m);
    // BuildKit on Linux builds it only while it has no RUN step; PATH is the DaemonSet's, not the image's.
    expect(text).not.toMatch(/^RUN /m);
    expect(text).not.toMatch(/^ENV /m);
  });

  it('.dockerignore sends only the standalone CLI folder the Dockerfile copies', () => {
    const patterns = readFileSync(join(MANIFEST_DIR, '..', '..', '.dockerignore'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() && !l.startsWith('#'));
    expect(patterns).toEqual(['*', '!release/hcnproxyctl-win-x64/']);
  });
});
