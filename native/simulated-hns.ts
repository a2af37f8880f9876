import { randomUUID } from 'node:crypto';
import type { BackendKind, HnsClient } from './hns-client';
import { HnsError } from './hns-error';
import type { HnsState } from './demo-data';
import {
  endpointId,
  getArray,
  getString,
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

const NOT_FOUND = 0x80070490;
const POLICY_NOT_FOUND = 0x803b0008;
const REQUEST_UNSUPPORTED = 0x803b0015;

function errorRecord(hr: number, message: string): string {
  return JSON.stringify({ Success: false, Error: message + ' ', ErrorCode: hr >>> 0 });
}

const clone = <T>(v: T): T => structuredClone(v);

/**
 * In-memory HNS with the semantics the fake C library also implements (one conformance suite
 * checks both): Add appends; Remove deletes exactly-matching policies and fails with
 * HCN_E_POLICY_NOT_FOUND when none match; a missing object is ERROR_NOT_FOUND (0x80070490).
 */
export class SimulatedHns implements HnsClient {
  readonly kind: BackendKind = 'simulated';
  readonly description: string;
  private state: HnsState;
  /** Called after every successful change (persistence to a state file hooks in here). */
  onChange: ((state: HnsState) => void) | undefined;

  constructor(state: HnsState, description = 'Simulated HNS') {
    this.state = clone(state);
    this.description = description;
  }

  snapshot(): HnsState {
    return clone(this.state);
  }

  private findEndpoint(op: string, id: string): HostComputeEndpoint {
    const ep = this.state.endpoints.find((e) => sameGuid(endpointId(e), id));
    if (!ep) throw new HnsError(op, NOT_FOUND, errorRecord(NOT_FOUND, 'Element not found.'));
    return ep;
  }

  private changed(): void {
    this.onChange?.(this.snapshot());
  }

  async listEndpoints(): Promise<HostComputeEndpoint[]> {
    return clone(this.state.endpoints);
  }

  async getEndpoint(id: string): Promise<HostComputeEndpoint> {
    return clone(this.findEndpoint('HcnOpenEndpoint', id));
  }

  async modifyEndpoint(id: string, request: ModifyEndpointPolicyRequest): Promise<void> {
    const ep = this.findEndpoint('HcnOpenEndpoint', id);
    const policies = getArray(request.Settings, 'Policies') as unknown as EndpointPolicy[];
    if (request.ResourceType !== 'Policy') {
      throw new HnsError('HcnModifyEndpoint', REQUEST_UNSUPPORTED, errorRecord(REQUEST_UNSUPPORTED, 'Unsupported resource.'));
    }
    if (request.RequestType === 'Add') {
      ep.Policies = [...(ep.Policies ?? []), ...clone(policies)];
    } else if (request.RequestType === 'Remove') {
      const current = ep.Policies ?? [];
      const keep = current.filter((p) => !policies.some((r) => jsonEqual(p, r)));
      if (policies.length === 0 || keep.length === current.length) {
        throw new HnsError(
          'HcnModifyEndpoint',
          POLICY_NOT_FOUND,
          errorRecord(POLICY_NOT_FOUND, 'An expected policy was not found.'),
        );
      }
      ep.Policies = keep;
    } else {
      throw new HnsError('HcnModifyEndpoint', REQUEST_UNSUPPORTED, errorRecord(REQUEST_UNSUPPORTED, 'Unsupported request.'));
    }
    this.changed();
  }

  async listNetworks(): Promise<HostComputeNetwork[]> {
    return clone(this.state.networks);
  }

  async listNamespaces(): Promise<HostComputeNamespace[]> {
    return clone(this.state.namespaces);
  }

  async getVersion(): Promise<HnsVersion> {
    return { ...this.state.version };
  }

  async createNetwork(settings: JsonObject): Promise<HostComputeNetwork> {
    const net: HostComputeNetwork = { ...clone(settings), ID: randomUUID() };
    this.state.networks.push(net);
    this.changed();
    return clone(net);
  }

  async deleteNetwork(id: string): Promise<void> {
    const before = this.state.networks.length;
    this.state.networks = this.state.networks.filter((n) => !sameGuid(n.ID, id));
    if (this.state.networks.length === before) throw new HnsError('HcnDeleteNetwork', NOT_FOUND, errorRecord(NOT_FOUND, 'Element not found.'));
    this.changed();
  }

  async createEndpoint(networkId: string, settings: JsonObject): Promise<HostComputeEndpoint> {
    if (!this.state.networks.some((n) => sameGuid(n.ID, networkId))) {
      throw new HnsError('HcnOpenNetwork', NOT_FOUND, errorRecord(NOT_FOUND, 'Element not found.'));
    }
    const ep: HostComputeEndpoint = { ...clone(settings), ID: randomUUID(), HostComputeNetwork: networkId };
    this.state.endpoints.push(ep);
    this.changed();
    return clone(ep);
  }

  async deleteEndpoint(id: string): Promise<void> {
    this.findEndpoint('HcnDeleteEndpoint', id);
    this.state.endpoints = this.state.endpoints.filter((e) => !sameGuid(getString(e, 'ID'), id));
    this.changed();
  }

  async close(): Promise<void> {}
}
