// HNS JSON as HcnQuery*Properties returns it (schema 2.x). HNS and hcsshim disagree on key case
// (ID vs Id, IpAddress vs IPAddress), so readers go through getKey(); unknown fields are kept.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: unknown };

export interface SchemaVersion {
  Major: number;
  Minor: number;
}

export interface EndpointPolicy {
  Type: string;
  Settings?: JsonObject;
  [extra: string]: unknown;
}

export interface IpConfig {
  IpAddress: string;
  PrefixLength?: number;
  [extra: string]: unknown;
}

export interface HostComputeEndpoint {
  ID: string;
  Name?: string;
  HostComputeNetwork?: string;
  HostComputeNamespace?: string;
  Policies?: EndpointPolicy[];
  IpConfigurations?: IpConfig[];
  MacAddress?: string;
  Flags?: number;
  SchemaVersion?: SchemaVersion;
  [extra: string]: unknown;
}

export interface HostComputeNetwork {
  ID: string;
  Name?: string;
  Type?: string;
  Policies?: JsonObject[];
  [extra: string]: unknown;
}

export interface NamespaceResource {
  Type: 'Container' | 'Endpoint' | string;
  Data?: JsonObject;
  [extra: string]: unknown;
}

export interface HostComputeNamespace {
  ID: string;
  NamespaceId?: number;
  Type?: string;
  Resources?: NamespaceResource[];
  [extra: string]: unknown;
}

export type ModifyRequestType = 'Add' | 'Remove' | 'Update' | 'Refresh';

export interface ModifyEndpointPolicyRequest {
  ResourceType: 'Policy';
  RequestType: ModifyRequestType;
  Settings: { Policies: EndpointPolicy[] };
}

export interface HnsVersion {
  major: number;
  minor: number;
}

export const L4WFPPROXY = 'L4WFPPROXY';

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Case-insensitive key read: HNS writes ID, the schema says Id, Go's decoder accepts both. */
export function getKey(obj: unknown, key: string): unknown {
  if (!isObject(obj)) return undefined;
  if (key in obj) return obj[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

export function getString(obj: unknown, key: string): string | undefined {
  const v = getKey(obj, key);
  return typeof v === 'string' ? v : undefined;
}

export function getArray(obj: unknown, key: string): unknown[] {
  const v = getKey(obj, key);
  return Array.isArray(v) ? v : [];
}

/**
 * The one spelling of a GUID inside the app: lowercase, no braces. v1 HNS prints uppercase, hcsshim
 * lowercase, people paste `{...}` (docs/hcn-api.md §"GUID case"). Applied at the edges:
 * the contract's EndpointIdSchema and every ID read out of HNS JSON (guidOf); past those, ids compare
 * with ===.
 */
export function canonicalGuid(id: string): string {
  return id.replace(/[{}]/g, '').toLowerCase();
}

/** A GUID field of an HNS object (ID, HostComputeNetwork, ...), canonical; undefined if absent. */
export function guidOf(obj: unknown, key: string): string | undefined {
  const v = getString(obj, key);
  return v === undefined ? undefined : canonicalGuid(v);
}

/** Two GUIDs from sources that are not canonical yet (both must be present). */
export function sameGuid(a: string | undefined | null, b: string | undefined | null): boolean {
  return !!a && !!b && canonicalGuid(a) === canonicalGuid(b);
}

export const GUID_RE = /^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?$/;

/** The endpoint's ID, canonical ('' when HNS gave none). */
export function endpointId(ep: unknown): string {
  return guidOf(ep, 'ID') ?? '';
}

/** Deep equality of JSON values; key order does not matter (HNS may reorder on echo). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}
