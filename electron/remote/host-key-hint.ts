// How a person checks a host key: against the node's own key file, read on the node (its console, a
// remote desktop session, the provisioning records), never by asking the network the key came over
// again (ssh-keyscan through the same path returns whatever an interceptor sends). The key files are
// where Windows OpenSSH keeps them (sshd_config HostKey defaults under %ProgramData%\ssh).

const KEY_FILE: Record<string, string> = {
  'ssh-ed25519': 'ssh_host_ed25519_key.pub',
  'ssh-rsa': 'ssh_host_rsa_key.pub',
  'ecdsa-sha2-nistp256': 'ssh_host_ecdsa_key.pub',
  'ecdsa-sha2-nistp384': 'ssh_host_ecdsa_key.pub',
  'ecdsa-sha2-nistp521': 'ssh_host_ecdsa_key.pub',
};

/** One sentence: compare with the node's own key of this type, read on the node. */
export function hostKeyHint(keyType: string): string {
  const file = KEY_FILE[keyType];
  const where = file
    ? `ssh-keygen -lf C:\\ProgramData\\ssh\\${file}`
    : 'ssh-keygen -lf on the host key file of this type under C:\\ProgramData\\ssh';
  return `Compare it with the node's own key, read on the node itself (console or remote desktop: ${where}), not fetched again over this network`;
}
