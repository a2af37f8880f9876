import type { BackendKind, HnsClient } from '../hns-client';
import { HnsError, HnsParseError, HnsUnavailableError } from '../hns-error';
import {
  getKey,
  isObject,
  type HnsVersion,
  type HostComputeEndpoint,
  type HostComputeNamespace,
  type HostComputeNetwork,
  type JsonObject,
  type ModifyEndpointPolicyRequest,
} from '../hns-json';
import { guidBytes, parseGuid, ZERO_GUID } from './guid';
import {
  loadHcnBindings,
  loadHnsCall,
  type HcnBindings,
  type HcnKindFunctions,
  type OutBox,
} from './hcn-bindings';
import { callAsync, loadKoffi, type KoffiFunction } from './koffi-types';
import { Limiter } from './limiter';
import { mapLimit } from '../../electron/base/map-limit';
import { HR } from '../../electron/base/hresult-table';
import { initSystemMessages, systemMessage } from './system-message';
import { systemDirectory, systemLibraryMap } from './system-paths';
import { configuredHnsConcurrency, raiseThreadpoolSize } from './threadpool';

export interface HnsLibraryPaths {
  computenetwork: string;
  /** Where CoTaskMemFree lives. */
  ole32: string;
  /** Where HNSCall lives (HNS version). */
  vmcompute: string;
}

export interface WindowsHnsOptions {
  /**
   * Default: the Windows DLLs, by absolute path from the system directory (system-paths.ts). Only
   * tests set this (the fake C library on Linux).
   */
  libraries?: HnsLibraryPaths;
  /**
   * Most HNS calls in flight at once (default 16; env HCNPROXY_HNS_CONCURRENCY). 16, not 8: listing
   * is open/query/close per endpoint, each an RPC to the HNS service; with 1 ms per call the list of
   * 1,000 endpoints needs 16 overlapping chains to be ≥10× faster than one-at-a-time (8 gave ~7.5×
   * in the prototype). The libuv pool is raised to match (threadpool.ts).
   */
  concurrency?: number;
  kind?: BackendKind;
  description?: string;
}

/** The production libraries: System32's, never a bare name (see system-paths.ts). */
export async function windowsLibraries(): Promise<HnsLibraryPaths> {
  const { computenetwork, ole32, vmcompute } = systemLibraryMap(await systemDirectory());
  return { computenetwork, ole32, vmcompute };
}

type Kind = 'network' | 'endpoint' | 'namespace';
const NAMES: Record<Kind, string> = { network: 'Network', endpoint: 'Endpoint', namespace: 'Namespace' };

/**
 * hcsshim's default query (schema 2.0, no filter) plus Flags 1 = Detailed ("all properties"): the
 * app lists endpoints *with details* (policies, IP configurations, health) in one query per object.
 */
export const DEFAULT_QUERY = JSON.stringify({ SchemaVersion: { Major: 2, Minor: 0 }, Flags: 1 });

const { ERROR_NOT_FOUND, ERROR_GEN_FAILURE, E_FAIL, HCN_E_GUID_CONVERSION_FAILURE } = HR;
/**
 * docs/hcn-api.md §9 question 1: which HRESULT HNS gives for an object that is gone is unverified. hcsshim's
 * test sees ERROR_NOT_FOUND for a namespace; the HCN facility has its own per-kind codes (docs/hcn-api.md §7:
 * HCN_E_ENDPOINT_NOT_FOUND "The endpoint was not found.", HCN_E_NETWORK_NOT_FOUND). Until a real
 * host answers, every one of them means "gone" (inferred, not measured).
 */
export const NOT_FOUND_HRESULTS: Record<'network' | 'endpoint' | 'namespace', readonly number[]> = {
  network: [ERROR_NOT_FOUND, HR.HCN_E_NETWORK_NOT_FOUND],
  endpoint: [ERROR_NOT_FOUND, HR.HCN_E_ENDPOINT_NOT_FOUND],
  namespace: [ERROR_NOT_FOUND],
};

/**
 * HNS through computenetwork.dll via koffi. Every HNS call runs in koffi's async mode (a libuv worker
 * thread), through one Limiter, so the calling (Electron main) thread never waits on HNS. Every
 * returned buffer — results and ErrorRecord — is freed with CoTaskMemFree; every handle is closed in
 * a finally. Libraries load at first use: a missing DLL is an HnsUnavailableError then, never at import.
 */
export class WindowsHns implements HnsClient {
  readonly kind: BackendKind;
  readonly description: string;
  readonly concurrency: number;
  private readonly paths: HnsLibraryPaths | undefined;
  private readonly limiter: Limiter;
  private bindings: Promise<HcnBindings> | undefined;
  private hnsCall: Promise<KoffiFunction> | undefined;

  constructor(options: WindowsHnsOptions = {}) {
    this.paths = options.libraries;
    this.kind = options.kind ?? 'windows';
    this.description = options.description ?? 'Windows HNS';
    this.concurrency = options.concurrency ?? configuredHnsConcurrency();
    this.limiter = new Limiter(this.concurrency);
    raiseThreadpoolSize(this.concurrency);
  }

  // ---- loading ----

  /** Where the libraries are; failing to tell is HnsUnavailable too. */
  private async libraryPaths(): Promise<HnsLibraryPaths> {
    try {
      return this.paths ?? (await windowsLibraries());
    } catch (e) {
      throw new HnsUnavailableError(
        `the Windows system directory could not be determined (${e instanceof Error ? e.message : String(e)})`,
      );
    }
  }

  private lib(): Promise<HcnBindings> {
    this.bindings ??= (async () => {
      await loadKoffi();
      await initSystemMessages();
      const paths = await this.libraryPaths();
      try {
        return await loadHcnBindings(paths.computenetwork, paths.ole32);
      } catch (e) {
        throw e instanceof HnsUnavailableError
          ? e
          : new HnsUnavailableError(unavailableDetail(paths.computenetwork, e));
      }
    })().catch((e: unknown) => {
      this.bindings = undefined; // the feature may be installed later; try again next time
      throw e;
    });
    return this.bindings;
  }

  // ---- one HNS call ----

  /** Decodes a returned UTF-16 buffer and frees it (idempotent: the box is emptied). */
  private take(b: HcnBindings, box: OutBox): string | undefined {
    const ptr = box[0];
    if (!ptr) return undefined;
    box[0] = null;
    try {
      return b.decodeString16(ptr);
    } finally {
      b.coTaskMemFree(ptr);
    }
  }

  /** Runs one HNS function asynchronously; throws HnsError on a failed HRESULT or a non-empty ErrorRecord. */
  private async call(
    b: HcnBindings,
    op: string,
    fn: KoffiFunction,
    args: unknown[],
    record?: OutBox,
  ): Promise<void> {
    // If koffi rejects the call itself (e.g. too many queued), the function never ran: nothing to free.
    const hr = await this.limiter.run(() => callAsync(fn, args));
    const text = record ? this.take(b, record) : undefined;
    if (hr < 0) throw hnsError(op, hr, text);
    if (text && text.trim()) throw hnsError(op, ERROR_GEN_FAILURE, text);
  }

  private guidOrThrow(op: string, id: string) {
    const g = parseGuid(id);
    if (!g) throw new HnsError(op, HCN_E_GUID_CONVERSION_FAILURE, `"${id}" is not a GUID.`);
    return guidBytes(g);
  }

  private async open(b: HcnBindings, kind: Kind, id: string): Promise<bigint> {
    const op = `HcnOpen${NAMES[kind]}`;
    const guid = this.guidOrThrow(op, id);
    const handle: OutBox = [null];
    const record: OutBox = [null];
    try {
      await this.call(b, op, b[kind].open, [guid, handle, record], record);
    } catch (e) {
      // S_OK with an ErrorRecord still hands us a handle: close it, or it leaks.
      if (handle[0]) await this.closeHandle(b, kind, handle[0]).catch(() => undefined);
      throw e;
    }
    if (!handle[0]) throw new HnsError(op, E_FAIL, 'HNS returned no handle.');
    return handle[0];
  }

  private async closeHandle(b: HcnBindings, kind: Kind, handle: bigint): Promise<void> {
    await this.call(b, `HcnClose${NAMES[kind]}`, b[kind].close, [handle]);
  }

  /** Opens, runs `body`, and closes the handle in a finally; a close failure surfaces only if body succeeded. */
  private async withHandle<T>(
    b: HcnBindings,
    kind: Kind,
    id: string,
    body: (h: bigint) => Promise<T>,
  ): Promise<T> {
    const handle = await this.open(b, kind, id);
    let result: T;
    try {
      result = await body(handle);
    } catch (e) {
      await this.closeHandle(b, kind, handle).catch(() => undefined);
      throw e;
    }
    await this.closeHandle(b, kind, handle);
    return result;
  }

  private async queryProps(
    b: HcnBindings,
    kind: Kind,
    fns: HcnKindFunctions,
    handle: bigint,
  ): Promise<JsonObject> {
    const op = `HcnQuery${NAMES[kind]}Properties`;
    const props: OutBox = [null];
    const record: OutBox = [null];
    try {
      await this.call(b, op, fns.query, [handle, DEFAULT_QUERY, props, record], record);
      return parseObject(op, this.take(b, props));
    } finally {
      this.take(b, props);
    }
  }

  private async enumerate(b: HcnBindings, kind: Kind): Promise<string[]> {
    const op = `HcnEnumerate${NAMES[kind]}s`;
    const ids: OutBox = [null];
    const record: OutBox = [null];
    try {
      await this.call(b, op, b[kind].enumerate, [DEFAULT_QUERY, ids, record], record);
      const parsed = parseJson(op, this.take(b, ids) ?? '[]');
      if (!Array.isArray(parsed)) throw new HnsParseError(op, 'expected an array of IDs');
      return parsed.map((x) => (typeof x === 'string' ? x : String(getKey(x, 'ID') ?? '')));
    } finally {
      this.take(b, ids);
    }
  }

  private async getObject(b: HcnBindings, kind: Kind, id: string): Promise<JsonObject> {
    return this.withHandle(b, kind, id, (h) => this.queryProps(b, kind, b[kind], h));
  }

  /**
   * Enumerate, then open/query/close each object, `concurrency` chains at a time (the seed did
   * them one after another). An object deleted between enumerate and open or query (any of
   * NOT_FOUND_HRESULTS) is skipped: a pod went away, the list is still right. Any other failure fails the list, after the
   * chains already running have closed their handles.
   */
  private async list(kind: Kind): Promise<JsonObject[]> {
    const b = await this.lib();
    const ids = await this.enumerate(b, kind);
    const gone = Symbol('gone');
    const all = await mapLimit(ids, this.concurrency, async (id) => {
      try {
        return await this.getObject(b, kind, id);
      } catch (e) {
        if (
          e instanceof HnsError &&
          NOT_FOUND_HRESULTS[kind].includes(e.hresult) &&
          (e.operation.startsWith('HcnOpen') || e.operation.startsWith('HcnQuery'))
        )
          return gone;
        throw e;
      }
    });
    return all.filter((x): x is JsonObject => x !== gone);
  }

  // ---- HnsClient ----

  async listEndpoints(): Promise<HostComputeEndpoint[]> {
    return (await this.list('endpoint')) as HostComputeEndpoint[];
  }

  async listNetworks(): Promise<HostComputeNetwork[]> {
    return (await this.list('network')) as HostComputeNetwork[];
  }

  async listNamespaces(): Promise<HostComputeNamespace[]> {
    return (await this.list('namespace')) as HostComputeNamespace[];
  }

  async getEndpoint(id: string): Promise<HostComputeEndpoint> {
    const b = await this.lib();
    return (await this.getObject(b, 'endpoint', id)) as HostComputeEndpoint;
  }

  async modifyEndpoint(id: string, request: ModifyEndpointPolicyRequest): Promise<void> {
    await this.modifyEndpointRaw(id, JSON.stringify(request));
  }

  /** Sends settings text as-is (tests use it to send malformed JSON). */
  async modifyEndpointRaw(id: string, settingsJson: string): Promise<void> {
    const b = await this.lib();
    await this.withHandle(b, 'endpoint', id, async (h) => {
      const record: OutBox = [null];
      await this.call(b, 'HcnModifyEndpoint', b.endpoint.modify, [h, settingsJson, record], record);
    });
  }

  async getVersion(): Promise<HnsVersion> {
    this.hnsCall ??= (async () => {
      const paths = await this.libraryPaths();
      try {
        return await loadHnsCall(paths.vmcompute);
      } catch (e) {
        throw e instanceof HnsUnavailableError
          ? e
          : new HnsUnavailableError(unavailableDetail(paths.vmcompute, e));
      }
    })().catch((e: unknown) => {
      this.hnsCall = undefined;
      throw e;
    });
    const fn = await this.hnsCall;
    const b = await this.lib();
    const response: OutBox = [null];
    let text: string | undefined;
    try {
      const hr = await this.limiter.run(() => callAsync(fn, ['GET', '/globals/version', '', response]));
      text = this.take(b, response);
      if (hr < 0) throw hnsError('HNSCall', hr, text);
    } finally {
      this.take(b, response);
    }
    const wrapper = parseObject('HNSCall', text);
    if (getKey(wrapper, 'Success') !== true) {
      throw new HnsError(
        'HNSCall GET /globals/version',
        E_FAIL,
        String(getKey(wrapper, 'Error') ?? text ?? ''),
      );
    }
    const out = getKey(wrapper, 'Output');
    const major = Number(getKey(out, 'Major'));
    const minor = Number(getKey(out, 'Minor'));
    if (!Number.isFinite(major) || !Number.isFinite(minor))
      throw new HnsParseError('HNSCall', 'no Major/Minor in Output');
    return { major, minor };
  }

  async createNetwork(settings: JsonObject): Promise<HostComputeNetwork> {
    const b = await this.lib();
    const handle: OutBox = [null];
    const record: OutBox = [null];
    await this.callKeepingHandle(
      b,
      'network',
      'HcnCreateNetwork',
      b.network.create,
      [guidBytes(ZERO_GUID), JSON.stringify(settings), handle, record],
      handle,
      record,
    );
    return (await this.queryAndClose(b, 'network', handle)) as HostComputeNetwork;
  }

  async createEndpoint(networkId: string, settings: JsonObject): Promise<HostComputeEndpoint> {
    const b = await this.lib();
    return this.withHandle(b, 'network', networkId, async (net) => {
      const handle: OutBox = [null];
      const record: OutBox = [null];
      const json = JSON.stringify(settings);
      await this.callKeepingHandle(
        b,
        'endpoint',
        'HcnCreateEndpoint',
        b.endpoint.create,
        [net, guidBytes(ZERO_GUID), json, handle, record],
        handle,
        record,
      );
      return (await this.queryAndClose(b, 'endpoint', handle)) as HostComputeEndpoint;
    });
  }

  /** A call that returns a handle: if it fails after all (ErrorRecord with S_OK), close that handle. */
  private async callKeepingHandle(
    b: HcnBindings,
    kind: Kind,
    op: string,
    fn: KoffiFunction,
    args: unknown[],
    handle: OutBox,
    record: OutBox,
  ): Promise<void> {
    try {
      await this.call(b, op, fn, args, record);
    } catch (e) {
      if (handle[0]) await this.closeHandle(b, kind, handle[0]).catch(() => undefined);
      throw e;
    }
  }

  private async queryAndClose(b: HcnBindings, kind: Kind, handle: OutBox): Promise<JsonObject> {
    const h = handle[0];
    if (!h) throw new HnsError(`HcnCreate${NAMES[kind]}`, E_FAIL, 'HNS returned no handle.');
    let result: JsonObject;
    try {
      result = await this.queryProps(b, kind, b[kind], h);
    } catch (e) {
      await this.closeHandle(b, kind, h).catch(() => undefined);
      throw e;
    }
    await this.closeHandle(b, kind, h);
    return result;
  }

  async deleteNetwork(id: string): Promise<void> {
    await this.deleteObject('network', id);
  }

  async deleteEndpoint(id: string): Promise<void> {
    await this.deleteObject('endpoint', id);
  }

  private async deleteObject(kind: Kind, id: string): Promise<void> {
    const b = await this.lib();
    const op = `HcnDelete${NAMES[kind]}`;
    const record: OutBox = [null];
    await this.call(b, op, b[kind].remove, [this.guidOrThrow(op, id), record], record);
  }

  async close(): Promise<void> {
    // Libraries stay loaded: unloading while a worker thread may still be inside them could crash.
  }
}

function hnsError(op: string, hr: number, record: string | undefined): HnsError {
  return new HnsError(op, hr, record, systemMessage(hr));
}

function unavailableDetail(path: string, e: unknown): string {
  return `${path} could not be loaded (${e instanceof Error ? e.message : String(e)}). On Windows, enable the Containers feature (HNS ships with it).`;
}

function parseJson(op: string, text: string | undefined): unknown {
  if (text === undefined || text === '') throw new HnsParseError(op, 'empty response');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new HnsParseError(op, e instanceof Error ? e.message : String(e));
  }
}

function parseObject(op: string, text: string | undefined): JsonObject {
  const v = parseJson(op, text);
  if (!isObject(v)) throw new HnsParseError(op, 'expected a JSON object');
  return v;
}
