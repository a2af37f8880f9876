import { randomUUID } from 'node:crypto';
import type { BackendKind, HnsClient } from './hns-client';
import { HnsError } from './hns-error';
import type { HnsState } from './demo-data';
import {
  GUID_RE,
  canonicalGuid,
  endpointId,
  getArray,
  getKey,
  getString,
  isObject,
  jsonEqual,
  sameGuid,
  type EndpointPolicy,
  type HostComputeEndpoint,
  type HnsVersion,
  type HostComputeNamespace,
  type HostComputeNetwork,
  type JsonObject,
  type ModifyEndpointPolicyRequest,
} from './hns-json';
import { HR } from '../electron/base/hresult-table';

const {
  ERROR_NOT_FOUND: NOT_FOUND,
  E_FAIL,
  ERROR_DUP_NAME: DUP_NAME,
  HCN_E_POLICY_NOT_FOUND: POLICY_NOT_FOUND,
  HCN_E_REQUEST_UNSUPPORTED: REQUEST_UNSUPPORTED,
  HCN_E_INVALID_JSON: INVALID_JSON,
  HCN_E_GUID_CONVERSION_FAILURE: GUID_CONVERSION_FAILURE,
} = HR;

/**
 * Fault injection, mirroring the fake C library's knobs (HCNFAKE_FAIL_FN / _FAIL_NTH / _FAIL_HR /
 * _LATENCY_US). Calls are counted by the HNS function the real backend would call: listEndpoints is
 * HcnEnumerateEndpoints then HcnOpenEndpoint / HcnQueryEndpointProperties / HcnCloseEndpoint per
 * endpoint; getEndpoint is Open/Query/Close; modifyEndpoint is Open/HcnModifyEndpoint/Close;
 * getVersion is HNSCall; create/delete are HcnCreateX / HcnDeleteX.
 */
export interface SimulatedFaults {
  /** Only calls of this HNS function count and fail (e.g. 'HcnOpenEndpoint'); omitted: every call. */
  operation?: string;
  /** Fail only the Nth counted call (1-based); omitted: every counted call fails (if operation is set). */
  failNth?: number;
  /**
   * Only calls that name this object (GUID) count and fail, like the fake library's failId
   * (HCNFAKE_FAIL_ID): the way to hit one object when calls run concurrently. With hresult
   * ERROR_NOT_FOUND the object answers as if it had vanished.
   */
  id?: string;
  /** HRESULT of the failure (default E_FAIL 0x80004005). */
  hresult?: number;
  /** Delay before every HNS call, in ms (a slow HNS, for GUI tests). Applies to all calls. */
  latencyMs?: number;
}

export interface SimulatedHnsOptions {
  description?: string;
  kind?: BackendKind;
  faults?: SimulatedFaults;
  /** Where the state's HNS version came from when it is not a real reading (shown by hns.info). */
  versionNote?: string;
}

function errorRecord(hr: number, message: string): string {
  return JSON.stringify({ Success: false, Error: message + ' ', ErrorCode: hr >>> 0 });
}

function fail(op: string, hr: number, message: string): HnsError {
  return new HnsError(op, hr, errorRecord(hr, message));
}

const clone = <T>(v: T): T => structuredClone(v);

type Kind = 'Network' | 'Endpoint' | 'Namespace';
const LISTS = { Network: 'networks', Endpoint: 'endpoints', Namespace: 'namespaces' } as const;

/**
 * In-memory HNS with the semantics the fake C library also implements (one conformance suite
 * checks both): Add appends; Remove deletes exactly-matching policies and fails with
 * HCN_E_POLICY_NOT_FOUND when none match; a missing object is ERROR_NOT_FOUND (0x80070490) with an
 * ErrorRecord; malformed JSON is HCN_E_INVALID_JSON; a non-GUID ID is HCN_E_GUID_CONVERSION_FAILURE.
 */
export class SimulatedHns implements HnsClient {
  readonly kind: BackendKind;
  readonly description: string;
  /** "inferred from the snapshot" etc.; undefined when the version is what the state recorded. */
  readonly versionNote: string | undefined;
  private state: HnsState;
  private faultConfig: SimulatedFaults = {};
  /** ID (lower case, no braces) → object, per kind; dropped on create/delete. A linear scan per
   * open/query made listing 5,000 endpoints take seconds (the GUI tests list that many). */
  private indexes: Partial<Record<Kind, Map<string, JsonObject>>> = {};
  private counted = 0;
  /** Called after every successful change (persistence to a state file hooks in here). */
  onChange: ((state: HnsState) => void) | undefined;

  constructor(state: HnsState, descriptionOrOptions: string | SimulatedHnsOptions = 'Simulated HNS') {
    const o =
      typeof descriptionOrOptions === 'string' ? { description: descriptionOrOptions } : descriptionOrOptions;
    this.state = clone(state);
    this.description = o.description ?? 'Simulated HNS';
    this.versionNote = o.versionNote;
    this.kind = o.kind ?? 'simulated';
    if (o.faults) this.setFaults(o.faults);
  }

  /** Replaces the fault configuration and restarts the call counter ({} turns faults off). */
  setFaults(faults: SimulatedFaults): void {
    this.faultConfig = { ...faults };
    this.counted = 0;
  }

  get faults(): SimulatedFaults {
    return { ...this.faultConfig };
  }

  snapshot(): HnsState {
    return clone(this.state);
  }

  /** One virtual HNS call (on object `id`, if it names one): latency, then maybe an injected failure. */
  private async hns(fn: string, id?: string): Promise<void> {
    const f = this.faultConfig;
    if (f.latencyMs && f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs));
    let inject = false;
    if (f.id) {
      if (id !== undefined && sameGuid(f.id, id) && (!f.operation || f.operation === fn)) {
        this.counted++;
        inject = !f.failNth || this.counted === f.failNth;
      }
      if (inject && f.hresult === NOT_FOUND) throw fail(fn, NOT_FOUND, 'Element not found.');
    } else if (f.operation) {
      if (f.operation === fn) {
        this.counted++;
        inject = !f.failNth || this.counted === f.failNth;
      }
    } else if (f.failNth) {
      this.counted++;
      inject = this.counted === f.failNth;
    }
    if (inject) {
      const hr = f.hresult ?? E_FAIL;
      throw fail(fn, hr, `Injected failure in ${fn}.`);
    }
  }

  private changed(): void {
    this.onChange?.(this.snapshot());
  }

  private find<K extends Kind>(kind: K, op: string, id: string): JsonObject {
    if (!GUID_RE.test(id)) throw fail(op, GUID_CONVERSION_FAILURE, `"${id}" is not a GUID.`);
    let index = this.indexes[kind];
    if (!index) {
      index = new Map();
      for (const o of this.state[LISTS[kind]] as JsonObject[]) {
        const key = canonicalGuid(getString(o, 'ID') ?? '');
        if (key && !index.has(key)) index.set(key, o); // duplicate IDs: the first wins, as a scan would
      }
      this.indexes[kind] = index;
    }
    const obj = index.get(canonicalGuid(id));
    if (!obj) throw fail(op, NOT_FOUND, 'Element not found.');
    return obj;
  }

  /** Call after adding or removing objects of `kind`. */
  private reindex(kind: Kind): void {
    delete this.indexes[kind];
  }

  /** Open → Query → Close, as the FFI backends do. */
  private async getObject(kind: Kind, id: string): Promise<JsonObject> {
    await this.hns(`HcnOpen${kind}`, id);
    this.find(kind, `HcnOpen${kind}`, id);
    await this.hns(`HcnQuery${kind}Properties`, id);
    const obj = clone(this.find(kind, `HcnQuery${kind}Properties`, id));
    await this.hns(`HcnClose${kind}`, id);
    return obj;
  }

  private async list(kind: Kind): Promise<JsonObject[]> {
    await this.hns(`HcnEnumerate${kind}s`);
    const ids = (this.state[LISTS[kind]] as JsonObject[])
      .map((o) => getString(o, 'ID') ?? '')
      .filter(Boolean);
    const out: JsonObject[] = [];
    for (const id of ids) {
      try {
        out.push(await this.getObject(kind, id));
      } catch (e) {
        // Deleted between enumerate and open: skipped, as WindowsHns does.
        if (e instanceof HnsError && e.hresult === NOT_FOUND && e.operation === `HcnOpen${kind}`) continue;
        throw e;
      }
    }
    return out;
  }

  async listEndpoints(): Promise<HostComputeEndpoint[]> {
    return (await this.list('Endpoint')) as HostComputeEndpoint[];
  }

  async getEndpoint(id: string): Promise<HostComputeEndpoint> {
    return (await this.getObject('Endpoint', id)) as HostComputeEndpoint;
  }

  async modifyEndpoint(id: string, request: ModifyEndpointPolicyRequest): Promise<void> {
    await this.modifyEndpointRaw(id, JSON.stringify(request));
  }

  /** Takes the settings text HcnModifyEndpoint would receive (so malformed JSON can be tested). */
  async modifyEndpointRaw(id: string, settingsJson: string): Promise<void> {
    const op = 'HcnModifyEndpoint';
    await this.hns('HcnOpenEndpoint', id);
    this.find('Endpoint', 'HcnOpenEndpoint', id);
    await this.hns(op, id);
    let request: unknown;
    try {
      request = JSON.parse(settingsJson);
    } catch {
      throw fail(op, INVALID_JSON, 'The JSON document is invalid.');
    }
    if (!isObject(request)) throw fail(op, INVALID_JSON, 'The JSON document is invalid.');
    const ep = this.find('Endpoint', op, id) as HostComputeEndpoint;
    const requestType = getKey(request, 'RequestType');
    const wanted = getKey(getKey(request, 'Settings'), 'Policies');
    if (getKey(request, 'ResourceType') !== 'Policy' || typeof requestType !== 'string') {
      throw fail(op, REQUEST_UNSUPPORTED, 'The request is not supported.');
    }
    if (wanted !== undefined && !Array.isArray(wanted))
      throw fail(op, INVALID_JSON, 'Policies must be an array.');
    const policies = (wanted ?? []) as EndpointPolicy[];
    const current = Array.isArray(ep.Policies) ? ep.Policies : [];
    if (requestType === 'Add') {
      ep.Policies = [...current, ...clone(policies)];
    } else if (requestType === 'Remove') {
      const keep = current.filter((p) => !policies.some((r) => jsonEqual(p, r)));
      if (keep.length === current.length)
        throw fail(op, POLICY_NOT_FOUND, 'An expected policy was not found.');
      ep.Policies = keep;
    } else {
      throw fail(op, REQUEST_UNSUPPORTED, 'The request is not supported.');
    }
    await this.hns('HcnCloseEndpoint', id);
    this.changed();
  }

  async listNetworks(): Promise<HostComputeNetwork[]> {
    return (await this.list('Network')) as HostComputeNetwork[];
  }

  async listNamespaces(): Promise<HostComputeNamespace[]> {
    return (await this.list('Namespace')) as HostComputeNamespace[];
  }

  async getVersion(): Promise<HnsVersion> {
    await this.hns('HNSCall');
    if (!this.state.version) {
      // What HNSCall GET /globals/version gives before 1803: no answer, so features are off.
      throw new HnsError(
        'HNSCall GET /globals/version',
        E_FAIL,
        'The HNS version is not known for this state.',
      );
    }
    return { ...this.state.version };
  }

  async createNetwork(settings: JsonObject): Promise<HostComputeNetwork> {
    await this.hns('HcnCreateNetwork');
    const name = getString(settings, 'Name');
    if (name && this.state.networks.some((n) => getString(n, 'Name') === name)) {
      throw fail('HcnCreateNetwork', DUP_NAME, 'A duplicate name exists on the network.');
    }
    const net: HostComputeNetwork = { ...clone(settings), ID: randomUUID() };
    this.state.networks.push(net);
    this.reindex('Network');
    this.changed();
    await this.hns('HcnQueryNetworkProperties', net.ID);
    await this.hns('HcnCloseNetwork', net.ID);
    return clone(net);
  }

  async deleteNetwork(id: string): Promise<void> {
    await this.hns('HcnDeleteNetwork', id);
    const net = this.find('Network', 'HcnDeleteNetwork', id);
    this.state.networks = this.state.networks.filter((n) => n !== net);
    this.reindex('Network');
    this.changed();
  }

  async createEndpoint(networkId: string, settings: JsonObject): Promise<HostComputeEndpoint> {
    await this.hns('HcnOpenNetwork', networkId);
    this.find('Network', 'HcnOpenNetwork', networkId);
    await this.hns('HcnCreateEndpoint');
    const ep: HostComputeEndpoint = { ...clone(settings), ID: randomUUID(), HostComputeNetwork: networkId };
    this.state.endpoints.push(ep);
    this.reindex('Endpoint');
    this.changed();
    await this.hns('HcnQueryEndpointProperties', ep.ID);
    await this.hns('HcnCloseEndpoint', ep.ID);
    await this.hns('HcnCloseNetwork', networkId);
    return clone(ep);
  }

  async deleteEndpoint(id: string): Promise<void> {
    await this.hns('HcnDeleteEndpoint', id);
    const ep = this.find('Endpoint', 'HcnDeleteEndpoint', id);
    this.state.endpoints = this.state.endpoints.filter((e) => e !== ep && !sameGuid(endpointId(e), id));
    this.reindex('Endpoint');
    this.changed();
  }

  async close(): Promise<void> {}
}

/** Policies of an endpoint (tests and mapping code read them case-insensitively). */
export function policiesOf(ep: unknown): EndpointPolicy[] {
  return getArray(ep, 'Policies') as EndpointPolicy[];
}
