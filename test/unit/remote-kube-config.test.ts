import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  credentialsText,
  describeCredentials,
  loadConfirmedKubeConfig,
  loadKubeConfig,
} from '../../electron/remote/kube-config';

// What a user confirms before a kubeconfig's credentials are used, and that the confirmation holds
// only for those credentials: a file edited afterwards (another plugin command) is refused.

let dir: string;
const kubeconfig = (command: string) =>
  [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: prod',
    '  cluster:',
    '    server: https://10.0.0.1:6443',
    '    certificate-authority: ca.crt',
    'users:',
    '- name: ops',
    '  user:',
    '    exec:',
    '      apiVersion: client.authentication.k8s.io/v1beta1',
    `      command: ${command}`,
    '      args: [eks, get-token, --cluster-name, prod]',
    'contexts:',
    '- name: prod',
    '  context: {cluster: prod, user: ops}',
    'current-context: prod',
    '',
  ].join('\n');

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hcn-kubeconfig-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kubeconfig credentials, described before use', () => {
  it('names the cluster, the user, the command its exec plugin runs and the files it reads', async () => {
    const file = join(dir, 'one');
    writeFileSync(file, kubeconfig('aws'));
    const c = describeCredentials(await loadKubeConfig({ kubeconfig: file }));
    expect(credentialsText(c)).toBe(
      `context prod: cluster https://10.0.0.1:6443 as ops; runs \`aws eks get-token --cluster-name prod\`; reads ${join(dir, 'ca.crt')}`,
    );
    expect(c.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('a confirmation holds for those credentials only: a changed plugin command is refused, nothing run', async () => {
    const file = join(dir, 'two');
    writeFileSync(file, kubeconfig('aws'));
    const confirmed = describeCredentials(await loadKubeConfig({ kubeconfig: file })).fingerprint;
    await expect(loadConfirmedKubeConfig({ kubeconfig: file, expect: confirmed })).resolves.toBeDefined();
    writeFileSync(file, kubeconfig('/tmp/evil'));
    await expect(loadConfirmedKubeConfig({ kubeconfig: file, expect: confirmed })).rejects.toMatchObject({
      error: {
        code: 'forbidden',
        message:
          "The kubeconfig's context prod changed since you confirmed it: nothing was run. Connect again to confirm the new credentials.",
      },
    });
  });

  it('control characters in a command are shown escaped', async () => {
    const file = join(dir, 'three');
    writeFileSync(file, kubeconfig('"aws\\u202e\\nFORGED"'));
    const c = describeCredentials(await loadKubeConfig({ kubeconfig: file }));
    expect(c.runs[0]).toBe('aws\\u202e\\nFORGED eks get-token --cluster-name prod');
  });
});
