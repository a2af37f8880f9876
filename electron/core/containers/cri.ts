import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { AppFailure } from '../../base/app-error';
import { criTarget } from './addresses';
import { pickByPrefix } from './prefix';
import { runtimeTimeout } from './runtime-timeout';

// CRI v1 client: ListContainers → pick the container (unambiguous prefix) → ContainerStatus(verbose)
// → info JSON → runtimeSpec.windows.network.networkNamespace. That is what hcnproxyctrl did over the
// removed v1alpha2 API, minus its panics: a container without the field is reported, not fatal.

export interface CriContainer {
  id: string;
  podSandboxId: string;
  metadata?: { name: string; attempt: number } | null;
  state: string;
}

// grpc-js's unary call convention: request, call options, then a node-style callback with the reply.
type Reply<T> = (e: grpc.ServiceError | null, r: T) => void;
type Unary<Req, Res> = (req: Req, opts: grpc.CallOptions, cb: Reply<Res>) => void;

interface RuntimeClient extends grpc.Client {
  listContainers: Unary<object, { containers: CriContainer[] }>;
  containerStatus: Unary<
    { containerId: string; verbose: boolean },
    { status: { id: string } | null; info: Record<string, string> }
  >;
  listPodSandbox: Unary<object, { items: CriSandbox[] }>;
  podSandboxStatus: Unary<{ podSandboxId: string; verbose: boolean }, { info: Record<string, string> }>;
}

export interface CriSandbox {
  id: string;
  metadata?: { name: string; uid: string; namespace: string; attempt: number } | null;
  state: string;
}

/**
 * The .proto beside this file, or beside the bundle when this module is a chunk one folder below it
 * (it is imported lazily, so bundlers split it out); HCNPROXY_CRI_PROTO overrides.
 */
export function protoPath(): string {
  if (process.env.HCNPROXY_CRI_PROTO) return process.env.HCNPROXY_CRI_PROTO;
  const here = typeof __dirname !== 'undefined' ? __dirname : fileURLToPath(new URL('.', import.meta.url));
  const found = [join(here, 'cri-v1.proto'), join(here, '..', 'cri-v1.proto')].find((p) => existsSync(p));
  return found ?? join(process.cwd(), 'electron', 'core', 'containers', 'cri-v1.proto');
}

let definition: grpc.GrpcObject | undefined;
export function criPackage(): grpc.GrpcObject {
  definition ??= grpc.loadPackageDefinition(
    protoLoader.loadSync(protoPath(), { keepCase: false, longs: String, enums: String, defaults: true }),
  );
  return definition;
}

type ServiceCtor = new (target: string, creds: grpc.ChannelCredentials, options?: object) => RuntimeClient;

function service(): ServiceCtor & { service: grpc.ServiceDefinition } {
  const runtime = (criPackage().runtime as grpc.GrpcObject).v1 as grpc.GrpcObject;
  return runtime.RuntimeService as unknown as ServiceCtor & { service: grpc.ServiceDefinition };
}

export function criServiceDefinition(): grpc.ServiceDefinition {
  return service().service;
}

export interface CriLookup {
  containerId: string;
  name?: string;
  /** HNS namespace GUID, when the runtime recorded one. */
  namespaceId?: string;
  notes: string[];
}

/** How long one CRI call may take, connecting included (grpc-js's per-call deadline). */
export const CRI_TIMEOUT_MS = 3000;

const call = <T>(fn: (cb: Reply<T>) => void): Promise<T> =>
  new Promise((resolve, reject) => fn((e, r) => (e ? reject(e) : resolve(r))));

/**
 * Every call carries a deadline: a runtime that accepts the connection and never answers (a hung
 * named pipe; grpc-node#2099 reports writes to Windows pipes that never complete) fails the call
 * after `timeoutMs` with DEADLINE_EXCEEDED instead of waiting for ever.
 */
const within = (timeoutMs: number): grpc.CallOptions => ({ deadline: Date.now() + timeoutMs });

const timedOut = (e: unknown) => (e as grpc.ServiceError | undefined)?.code === grpc.status.DEADLINE_EXCEEDED;

function unreachable(address: string, e: grpc.ServiceError, timeoutMs: number): AppFailure {
  if (timedOut(e)) return runtimeTimeout('CRI', address, timeoutMs);
  return new AppFailure({
    code: 'runtime-unavailable',
    message: `Could not reach the CRI runtime at ${address}: ${e.details || e.message}. Is containerd running, and is this the right --runtimeendpoint?`,
  });
}

/** Reads runtimeSpec.windows.network.networkNamespace from ContainerStatus's verbose info. */
export function networkNamespaceOf(info: Record<string, string>): string | undefined {
  const text = info.info;
  if (!text) return undefined;
  try {
    const ns = (
      JSON.parse(text) as { runtimeSpec?: { windows?: { network?: { networkNamespace?: unknown } } } }
    ).runtimeSpec?.windows?.network?.networkNamespace;
    return typeof ns === 'string' && ns ? ns : undefined;
  } catch {
    return undefined;
  }
}

/** A pod as the Pod column shows it: `namespace/name`, with the sandbox it came from. */
export interface PodRef {
  pod: string;
  sandboxId: string;
  ready: boolean;
}

/**
 * Every pod sandbox's HNS namespace: ListPodSandbox, then PodSandboxStatus(verbose) per sandbox, whose
 * info JSON carries the sandbox's runtimeSpec (containerd's SandboxInfo; on Windows the network
 * namespace GUID sits where a container's does). One walk serves a whole node read: the caller caches it.
 * Keys are the namespace GUIDs exactly as the runtime wrote them; the caller makes them canonical.
 */
export async function criPods(address: string, timeoutMs = CRI_TIMEOUT_MS): Promise<Map<string, PodRef>> {
  const client = new (service())(criTarget(address), grpc.credentials.createInsecure());
  try {
    let items: CriSandbox[];
    try {
      items = (await call<{ items: CriSandbox[] }>((cb) => client.listPodSandbox({}, within(timeoutMs), cb)))
        .items;
    } catch (e) {
      throw unreachable(address, e as grpc.ServiceError, timeoutMs);
    }
    const statuses = await Promise.all(
      items.map((sb) =>
        call<{ info: Record<string, string> }>((cb) =>
          client.podSandboxStatus({ podSandboxId: sb.id, verbose: true }, within(timeoutMs), cb),
        ).then(
          (r) => ({ sb, ns: networkNamespaceOf(r.info) }),
          (e: unknown) => {
            // A runtime that stopped answering is an error, not a node without pods.
            if (timedOut(e)) throw runtimeTimeout('CRI', address, timeoutMs);
            // A sandbox removed between the two calls has no pod to show: skip it, keep the others.
            return { sb, ns: undefined };
          },
        ),
      ),
    );
    const out = new Map<string, PodRef>();
    for (const { sb, ns } of statuses) {
      const m = sb.metadata;
      if (!ns || !m?.name) continue;
      const ref: PodRef = {
        pod: `${m.namespace}/${m.name}`,
        sandboxId: sb.id,
        ready: sb.state === 'SANDBOX_READY',
      };
      // A ready sandbox wins over a stopped one that once held the same namespace.
      const prev = out.get(ns);
      if (!prev || (!prev.ready && ref.ready)) out.set(ns, ref);
    }
    return out;
  } finally {
    client.close();
  }
}

export async function criLookup(
  address: string,
  ref: string,
  timeoutMs = CRI_TIMEOUT_MS,
): Promise<CriLookup> {
  const client = new (service())(criTarget(address), grpc.credentials.createInsecure());
  try {
    let containers: CriContainer[];
    try {
      containers = (
        await call<{ containers: CriContainer[] }>((cb) => client.listContainers({}, within(timeoutMs), cb))
      ).containers;
    } catch (e) {
      throw unreachable(address, e as grpc.ServiceError, timeoutMs);
    }
    const c = pickByPrefix(
      containers,
      ref,
      (x) => x.id,
      (x) => x.metadata?.name,
      `the CRI runtime at ${address}`,
    );
    const notes: string[] = [];
    let info: Record<string, string> = {};
    try {
      info = (
        await call<{ info: Record<string, string> }>((cb) =>
          client.containerStatus({ containerId: c.id, verbose: true }, within(timeoutMs), cb),
        )
      ).info;
    } catch (e) {
      if (timedOut(e)) throw runtimeTimeout('CRI', address, timeoutMs);
      throw new AppFailure({
        code: 'runtime',
        message: `ContainerStatus for ${c.id} failed: ${(e as grpc.ServiceError).details || (e as Error).message}`,
      });
    }
    const ns = networkNamespaceOf(info);
    if (!ns) {
      notes.push(
        `Container ${c.id.slice(0, 13)} has no runtimeSpec.windows.network.networkNamespace (a host-network or HostProcess container, or not a Windows container): skipped.`,
      );
    }
    const out: CriLookup = { containerId: c.id, notes };
    if (c.metadata?.name) out.name = c.metadata.name;
    if (ns) out.namespaceId = ns;
    return out;
  } finally {
    client.close();
  }
}
