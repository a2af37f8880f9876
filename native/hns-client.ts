import type {
  HnsVersion,
  HostComputeEndpoint,
  HostComputeNamespace,
  HostComputeNetwork,
  JsonObject,
  ModifyEndpointPolicyRequest,
} from './hns-json';

export type BackendKind = 'windows' | 'simulated' | 'fake';

/**
 * The one boundary to HNS. Everything above it (services, IPC, CLI, GUI) is backend-blind.
 * Every method rejects with HnsError (hresult + name + sentence) or HnsUnavailableError.
 */
export interface HnsClient {
  readonly kind: BackendKind;
  /** A label for the status bar: "Windows HNS", "Simulated HNS", "Snapshot: node7.json". */
  readonly description: string;
  listEndpoints(): Promise<HostComputeEndpoint[]>;
  getEndpoint(id: string): Promise<HostComputeEndpoint>;
  modifyEndpoint(id: string, request: ModifyEndpointPolicyRequest): Promise<void>;
  listNetworks(): Promise<HostComputeNetwork[]>;
  listNamespaces(): Promise<HostComputeNamespace[]>;
  getVersion(): Promise<HnsVersion>;
  createNetwork(settings: JsonObject): Promise<HostComputeNetwork>;
  deleteNetwork(id: string): Promise<void>;
  createEndpoint(networkId: string, settings: JsonObject): Promise<HostComputeEndpoint>;
  deleteEndpoint(id: string): Promise<void>;
  close(): Promise<void>;
}
