import { AppFailure } from '../base/app-error';
import { hostKeyHint } from './host-key-hint';
import { pinHostKey } from './known-hosts';
import type { NodeTarget } from './node-target';
import type { HostKeyReport } from './ssh-transport';

// What the user is asked before the GUI trusts a host key or logs in to a node, and the pinning
// itself. A key known_hosts trusts still needs the Connect question (it uses the admin's key); an
// unknown key is shown with its fingerprint; a changed or revoked one is refused as OpenSSH refuses
// it: the user removes the old entry after checking the node, the app never overwrites it.

export interface Question {
  title: string;
  detail: string;
  action: string;
}

export function connectQuestion(target: NodeTarget, how: string): Question {
  return {
    title: `Connect to ${target.label}?`,
    detail: `HCN Proxy Control will log in to ${target.label} ${how} and run its agent there.`,
    action: 'Connect',
  };
}

export function sshConnectQuestion(
  target: Extract<NodeTarget, { kind: 'ssh' }>,
  fingerprint: string,
): Question {
  return connectQuestion(target, `over SSH with your SSH key or agent (host key ${fingerprint})`);
}

export function trustQuestion(label: string, k: HostKeyReport): Question {
  return {
    title: `Trust the host key of ${label}?`,
    detail:
      `${label} presented ${k.keyType} ${k.fingerprint}, a key ${k.knownHostsFile} does not hold for this host. ` +
      `${hostKeyHint(k.keyType)}. If it matches, it is written to ${k.knownHostsFile} and the app logs in with your SSH key or agent.`,
    action: 'Trust and connect',
  };
}

/** Refuses what OpenSSH refuses; for an unknown key, nothing (the caller asks trustQuestion). */
export function refuseUntrustable(label: string, k: HostKeyReport, confirmed: string): void {
  if (k.fingerprint !== confirmed)
    throw new AppFailure({
      code: 'host-key-changed',
      message: `${label} presented ${k.fingerprint}, not the confirmed ${confirmed}: nothing was pinned.`,
    });
  if (k.status === 'revoked')
    throw new AppFailure({
      code: 'host-key-revoked',
      message: `${k.fingerprint} is marked @revoked in ${k.knownHostsFile}: remove that line first if the key is trusted again.`,
    });
  if (k.status === 'changed')
    throw new AppFailure({
      code: 'host-key-changed',
      message:
        `REMOTE HOST IDENTIFICATION HAS CHANGED for ${label}: ${k.knownHostsFile} line ${k.knownLine} holds ${k.knownFingerprint}, ` +
        `the node presented ${k.keyType} ${k.fingerprint}. Someone may be intercepting the connection, or the node was reinstalled. ` +
        `${hostKeyHint(k.keyType)}; only if it matches, remove the old entry (ssh-keygen -R) and add the node again.`,
    });
}

/** Writes the confirmed key to known_hosts. */
export function pinConfirmed(k: HostKeyReport): void {
  pinHostKey({ file: k.knownHostsFile, host: k.host, port: k.port, key: k.key });
}
