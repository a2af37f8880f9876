import type {
  HnsVersion,
  HostComputeEndpoint,
  HostComputeNamespace,
  HostComputeNetwork,
  JsonObject,
  ModifyEndpointPolicyRequest,
} from './hns-json';

/** The backends every build has. */
export type BuiltInBackend = 'windows' | 'simulated';
/**
 * A backend's name: a built-in one, or the name a source checkout registered it under
 * (createBackend's extraBackends; the tests' fake library is one). Production code compares only
 * with the built-in names.
 */
export type BackendKind = BuiltInBackend | (string & {});

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

/**
 * Every HnsClient method that reaches HNS, and whether it changes HNS state. The log of changes, the
 * harness's fault injection and the tests' call counter derive their lists from this one table.
 */
export const HNS_CLIENT_METHODS = {
  listEndpoints: 'read',
  getEndpoint: 'read',
  modifyEndpoint: 'change',
  listNetworks: 'read',
  listNamespaces: 'read',
  getVersion: 'read',
  createNetwork: 'change',
  deleteNetwork: 'change',
  createEndpoint: 'change',
  deleteEndpoint: 'change',
} as const satisfies Record<Exclude<keyof HnsClient, 'kind' | 'description' | 'close'>, 'read' | 'change'>;
export type HnsMethod = keyof typeof HNS_CLIENT_METHODS;
export const isHnsMethod = (m: string): m is HnsMethod => Object.hasOwn(HNS_CLIENT_METHODS, m);
/** Backends that take a raw settings string (tests send malformed JSON through it) add this method. */
export const RAW_MODIFY_METHOD = 'modifyEndpointRaw';
