import Docker from 'dockerode';
import { AppFailure } from '../../base/app-error';
import { dockerConnection } from './addresses';
import { runtimeTimeout } from './runtime-timeout';

// Docker Engine path. Docker's own EndpointID is a libnetwork id, not the HNS endpoint GUID (reference
// §6.2), so: container → its networks → each network's com.docker.network.windowsshim.hnsid (the HNS
// network) → later matched to HNS endpoints on that network by IP or MAC.

export const HNSID_OPTION = 'com.docker.network.windowsshim.hnsid';

export interface DockerAttachment {
  networkName: string;
  hnsNetworkId?: string;
  ipAddress: string;
  macAddress: string;
}

export interface DockerLookup {
  containerId: string;
  name: string;
  attachments: DockerAttachment[];
  notes: string[];
}

interface DockerHttpError {
  statusCode?: number;
  json?: { message?: string } | null;
  message: string;
  code?: string;
}

/** How long one Docker Engine request may take, from connecting to the last byte of the answer. */
export const DOCKER_TIMEOUT_MS = 5000;

class DeadlineExceeded extends Error {
  override name = 'DeadlineExceeded';
}

/**
 * Every request has a deadline: `work` fails with DeadlineExceeded after `timeoutMs` whatever the
 * Engine does. dockerode's `timeout` is only a socket idle timeout, which a server that trickles
 * bytes never trips; it does end the abandoned request of a server that sends nothing.
 */
async function within<T>(timeoutMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded()), timeoutMs);
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

const aborted = (e: unknown) => e instanceof DeadlineExceeded;

function dockerError(address: string, ref: string, e: DockerHttpError, timeoutMs: number): AppFailure {
  if (aborted(e)) return runtimeTimeout('Docker Engine', address, timeoutMs);
  const text = e.json?.message ?? e.message;
  // moby answers an ambiguous prefix with "multiple IDs found with provided prefix" (400 in current
  // releases, 404 in older ones), a missing one with 404 "No such container".
  if (e.statusCode && /multiple|ambiguous/i.test(text)) {
    return new AppFailure({
      code: 'ambiguous',
      field: 'containerId',
      message: `"${ref}" matches several Docker containers (${text}). Give more of the id.`,
    });
  }
  if (e.statusCode === 404) {
    return new AppFailure({
      code: 'not-found',
      field: 'containerId',
      message: `No Docker container matching "${ref}" (${text}).`,
    });
  }
  if (e.statusCode)
    return new AppFailure({
      code: 'runtime',
      message: `Docker Engine at ${address} answered ${e.statusCode}: ${text}`,
    });
  return new AppFailure({
    code: 'runtime-unavailable',
    message: `Could not reach Docker Engine at ${address}: ${text}. Is Docker running (and this process elevated, which its pipe requires by default)?`,
  });
}

export async function dockerLookup(
  address: string,
  ref: string,
  timeoutMs = DOCKER_TIMEOUT_MS,
): Promise<DockerLookup> {
  // The idle timeout only ends requests the deadline has already given up on: twice as long, so the
  // deadline's message is always the one reported.
  const docker = new Docker({ ...dockerConnection(address), timeout: 2 * timeoutMs });
  let inspect: Docker.ContainerInspectInfo;
  try {
    // The Engine resolves unambiguous id prefixes and names itself.
    inspect = await within(timeoutMs, docker.getContainer(ref).inspect());
  } catch (e) {
    throw dockerError(address, ref, e as DockerHttpError, timeoutMs);
  }
  const notes: string[] = [];
  const attachments: DockerAttachment[] = [];
  for (const [networkName, s] of Object.entries(inspect.NetworkSettings?.Networks ?? {})) {
    const a: DockerAttachment = { networkName, ipAddress: s.IPAddress ?? '', macAddress: s.MacAddress ?? '' };
    try {
      const net = (await within(timeoutMs, docker.getNetwork(s.NetworkID).inspect())) as {
        Options?: Record<string, string>;
      };
      const hnsid = net.Options?.[HNSID_OPTION];
      if (hnsid) a.hnsNetworkId = hnsid;
      else
        notes.push(
          `Docker network ${networkName} has no ${HNSID_OPTION} option (not a Windows HNS network): matched by IP/MAC only.`,
        );
    } catch (e) {
      if (aborted(e)) throw runtimeTimeout('Docker Engine', address, timeoutMs);
      notes.push(
        `Could not inspect Docker network ${networkName}: ${(e as DockerHttpError).json?.message ?? (e as Error).message}`,
      );
    }
    attachments.push(a);
  }
  if (attachments.length === 0)
    notes.push(`Container ${inspect.Id.slice(0, 12)} is not attached to any Docker network.`);
  return { containerId: inspect.Id, name: inspect.Name.replace(/^\//, ''), attachments, notes };
}
