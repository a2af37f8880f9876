// The kubeconfig is read through the one bounded reader (electron/base/fs/read-limited.ts), whether
// named by --kubeconfig or KUBECONFIG: /dev/zero and a FIFO fail at once with a message naming the
// file, where client-node's own reader grew the process to 2 GB or hung on the FIFO for good.
// POSIX only: Windows has neither /dev/zero nor mkfifo (the reader's Windows refusals are in
// security-read-limited.test.ts).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../../electron/remote/kube-config';
import { captureCli } from '../support/cli';

const posix = process.platform !== 'win32';
const saved = process.env.KUBECONFIG;
afterEach(() => {
  if (saved === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = saved;
});

const fifo = () => {
  const p = join(mkdtempSync(join(tmpdir(), 'hcnproxy-kc-')), 'kubeconfig-fifo');
  execFileSync('mkfifo', [p]);
  return p;
};

describe.skipIf(!posix)('the kubeconfig goes through the bounded reader', () => {
  it('--kubeconfig /dev/zero: exit 1 naming the file and what it is, nothing read', async () => {
    const r = await captureCli(['--node', 'k8s://node1', '--kubeconfig', '/dev/zero', 'endpoints']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'Cannot read the kubeconfig /dev/zero: Refused to read kubeconfig /dev/zero: it is a character device, not a regular file.',
    );
  });

  it('KUBECONFIG naming /dev/zero or a FIFO (among others) is refused, never blocks', async () => {
    process.env.KUBECONFIG = '/dev/zero';
    await expect(loadKubeConfig({})).rejects.toThrow(
      'Cannot read the kubeconfig /dev/zero: Refused to read kubeconfig /dev/zero: it is a character device, not a regular file.',
    );
    const p = fifo();
    process.env.KUBECONFIG = `/nonexistent/config:${p}`;
    await expect(loadKubeConfig({})).rejects.toThrow(
      `Cannot read the kubeconfig ${p}: Refused to read kubeconfig ${p}: it is a FIFO (named pipe), not a regular file.`,
    );
    const r = await captureCli(['--node', 'k8s://node1', '--kubeconfig', p, 'endpoints']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('it is a FIFO (named pipe), not a regular file.');
  });
});
