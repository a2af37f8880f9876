// HRESULTs HNS returns, with a sentence an administrator can act on.
// Source: the "HCN Error Code" doc page and issue logs (docs/hcn-api.md §4.3).

/** The HRESULTs the code names in logic (the table below gives every known one its sentence). */
export const HR = {
  E_FAIL: 0x80004005,
  ERROR_GEN_FAILURE: 0x8007001f,
  ERROR_DUP_NAME: 0x80070034,
  ERROR_NOT_FOUND: 0x80070490,
  HCN_E_NETWORK_NOT_FOUND: 0x803b0001,
  HCN_E_ENDPOINT_NOT_FOUND: 0x803b0002,
  HCN_E_POLICY_NOT_FOUND: 0x803b0008,
  HCN_E_REQUEST_UNSUPPORTED: 0x803b0015,
  HCN_E_GUID_CONVERSION_FAILURE: 0x803b0019,
  HCN_E_INVALID_JSON: 0x803b001b,
} as const;

export interface HresultInfo {
  name: string;
  sentence: string;
}

const hcn = (low: number): number => (0x803b0000 | low) >>> 0;

export const HRESULTS: ReadonlyMap<number, HresultInfo> = new Map<number, HresultInfo>([
  [
    hcn(0x01),
    { name: 'HCN_E_NETWORK_NOT_FOUND', sentence: 'The network was not found; it may have been deleted.' },
  ],
  [
    hcn(0x02),
    {
      name: 'HCN_E_ENDPOINT_NOT_FOUND',
      sentence: 'The endpoint was not found; the pod may have been deleted. Refresh the list.',
    },
  ],
  [hcn(0x03), { name: 'HCN_E_LAYER_NOT_FOUND', sentence: 'A network layer HNS expected was not found.' }],
  [
    hcn(0x04),
    { name: 'HCN_E_SWITCH_NOT_FOUND', sentence: 'The virtual switch behind this network was not found.' },
  ],
  [hcn(0x05), { name: 'HCN_E_SUBNET_NOT_FOUND', sentence: 'The subnet was not found.' }],
  [hcn(0x06), { name: 'HCN_E_ADAPTER_NOT_FOUND', sentence: 'The network adapter was not found.' }],
  [hcn(0x07), { name: 'HCN_E_PORT_NOT_FOUND', sentence: 'The switch port of this endpoint was not found.' }],
  [
    hcn(0x08),
    {
      name: 'HCN_E_POLICY_NOT_FOUND',
      sentence: 'HNS did not find the policy to remove; it may already be gone. Refresh and try again.',
    },
  ],
  [
    hcn(0x09),
    { name: 'HCN_E_VFP_PORTSETTING_NOT_FOUND', sentence: 'A VFP port setting HNS expected was not found.' },
  ],
  [hcn(0x0a), { name: 'HCN_E_INVALID_NETWORK', sentence: 'The network configuration is invalid.' }],
  [hcn(0x0b), { name: 'HCN_E_INVALID_NETWORK_TYPE', sentence: 'The network type is invalid.' }],
  [hcn(0x0c), { name: 'HCN_E_INVALID_ENDPOINT', sentence: 'The endpoint configuration is invalid.' }],
  [
    hcn(0x0d),
    { name: 'HCN_E_INVALID_POLICY', sentence: 'HNS rejected the policy settings as invalid or incomplete.' },
  ],
  [
    hcn(0x0e),
    {
      name: 'HCN_E_INVALID_POLICY_TYPE',
      sentence: 'HNS does not know this policy type; the HNS version may be too old for L4WFPPROXY.',
    },
  ],
  [
    hcn(0x0f),
    {
      name: 'HCN_E_INVALID_REMOTE_ENDPOINT_OPERATION',
      sentence: 'This operation is not allowed on a remote endpoint.',
    },
  ],
  [
    hcn(0x10),
    { name: 'HCN_E_NETWORK_ALREADY_EXISTS', sentence: 'A network with this identity already exists.' },
  ],
  [hcn(0x11), { name: 'HCN_E_LAYER_ALREADY_EXISTS', sentence: 'The network layer already exists.' }],
  [
    hcn(0x12),
    { name: 'HCN_E_POLICY_ALREADY_EXISTS', sentence: 'An identical policy already exists on this endpoint.' },
  ],
  [
    hcn(0x13),
    { name: 'HCN_E_PORT_ALREADY_EXISTS', sentence: 'The port is already in use by another mapping.' },
  ],
  [hcn(0x14), { name: 'HCN_E_ENDPOINT_ALREADY_ATTACHED', sentence: 'The endpoint is already attached.' }],
  [
    hcn(0x15),
    { name: 'HCN_E_REQUEST_UNSUPPORTED', sentence: 'HNS does not support this request on this object.' },
  ],
  [hcn(0x16), { name: 'HCN_E_MAPPING_NOT_SUPPORTED', sentence: 'This port mapping is not supported.' }],
  [
    hcn(0x17),
    {
      name: 'HCN_E_DEGRADED_OPERATION',
      sentence: 'HNS completed the operation in a degraded state; check the HNS event log.',
    },
  ],
  [
    hcn(0x18),
    { name: 'HCN_E_SHARED_SWITCH_MODIFICATION', sentence: 'A shared switch cannot be modified this way.' },
  ],
  [hcn(0x19), { name: 'HCN_E_GUID_CONVERSION_FAILURE', sentence: 'A parameter was not a valid GUID.' }],
  [
    hcn(0x1a),
    { name: 'HCN_E_REGKEY_FAILURE', sentence: 'HNS failed to read or write its registry settings.' },
  ],
  [hcn(0x1b), { name: 'HCN_E_INVALID_JSON', sentence: 'HNS could not parse the JSON it was sent.' }],
  [
    hcn(0x1c),
    { name: 'HCN_E_INVALID_JSON_REFERENCE', sentence: 'The JSON refers to an object HNS does not have.' },
  ],
  [hcn(0x1d), { name: 'HCN_E_ENDPOINT_SHARING_DISABLED', sentence: 'Endpoint sharing is disabled.' }],
  [hcn(0x1e), { name: 'HCN_E_INVALID_IP', sentence: 'An IP address is invalid.' }],
  [
    hcn(0x1f),
    { name: 'HCN_E_SWITCH_EXTENSION_NOT_FOUND', sentence: 'A virtual switch extension was not found.' },
  ],
  [
    hcn(0x20),
    {
      name: 'HCN_E_MANAGER_STOPPED',
      sentence: 'The Host Network Service is stopping; wait for it to restart.',
    },
  ],
  [hcn(0x21), { name: 'GCN_E_MODULE_NOT_FOUND', sentence: 'A guest network module was not found.' }],
  [
    hcn(0x22),
    {
      name: 'GCN_E_NO_REQUEST_HANDLERS',
      sentence: 'The guest network service has no handler for this request.',
    },
  ],
  [
    hcn(0x23),
    {
      name: 'GCN_E_REQUEST_UNSUPPORTED',
      sentence: 'The guest network service does not support this request.',
    },
  ],
  [
    hcn(0x24),
    {
      name: 'GCN_E_RUNTIMEKEYS_FAILED',
      sentence: 'The guest network service failed to set up its runtime keys.',
    },
  ],
  [hcn(0x25), { name: 'GCN_E_NETADAPTER_TIMEOUT', sentence: 'The guest network adapter timed out.' }],
  [hcn(0x26), { name: 'GCN_E_NETADAPTER_NOT_FOUND', sentence: 'The guest network adapter was not found.' }],
  [
    hcn(0x27),
    { name: 'GCN_E_NETCOMPARTMENT_NOT_FOUND', sentence: 'The guest network compartment was not found.' },
  ],
  [
    hcn(0x28),
    { name: 'GCN_E_NETINTERFACE_NOT_FOUND', sentence: 'The guest network interface was not found.' },
  ],
  [
    hcn(0x29),
    { name: 'GCN_E_DEFAULTNAMESPACE_EXISTS', sentence: 'The guest default namespace already exists.' },
  ],
  [
    hcn(0x2a),
    {
      name: 'HCN_E_ICS_DISABLED',
      sentence: 'Internet Connection Sharing is disabled; NAT networks need it.',
    },
  ],
  [
    hcn(0x2b),
    { name: 'HCN_E_ENDPOINT_NAMESPACE_ALREADY_EXISTS', sentence: 'The endpoint is already in a namespace.' },
  ],
  [
    hcn(0x2c),
    {
      name: 'HCN_E_ENTITY_HAS_REFERENCES',
      sentence: 'The object is still referenced and cannot be deleted.',
    },
  ],
  [hcn(0x2d), { name: 'HCN_E_INVALID_INTERNAL_PORT', sentence: 'The internal port is invalid.' }],
  [
    hcn(0x2e),
    { name: 'HCN_E_NAMESPACE_ATTACH_FAILED', sentence: 'Attaching the endpoint to the namespace failed.' },
  ],
  [
    hcn(0x2f),
    { name: 'HCN_E_ADDR_INVALID_OR_RESERVED', sentence: 'An address provided is invalid or reserved.' },
  ],
  [hcn(0x30), { name: 'HCN_E_INVALID_PREFIX', sentence: 'An address prefix is invalid.' }],
  [
    hcn(0x31),
    {
      name: 'HCN_E_OBJECT_USED_AFTER_UNLOAD',
      sentence: 'HNS used an object after it was unloaded; restart the Host Network Service.',
    },
  ],
  [hcn(0x32), { name: 'HCN_E_INVALID_SUBNET', sentence: 'The subnet is invalid.' }],
  [hcn(0x33), { name: 'HCN_E_INVALID_IP_SUBNET', sentence: 'The IP subnet is invalid.' }],
  [
    hcn(0x34),
    {
      name: 'HCN_E_ENDPOINT_NOT_ATTACHED',
      sentence: 'The endpoint must be attached to a namespace for this operation.',
    },
  ],
  [hcn(0x35), { name: 'HCN_E_ENDPOINT_NOT_LOCAL', sentence: 'The endpoint is not local to this host.' }],
  [
    hcn(0x36),
    {
      name: 'HCN_INTERFACEPARAMETERS_ALREADY_APPLIED',
      sentence: 'Interface parameters were already applied.',
    },
  ],
  [hcn(0x37), { name: 'HCN_E_VFP_NOT_ALLOWED', sentence: 'VFP is not allowed on this object.' }],
  [
    0x80070490,
    {
      name: 'ERROR_NOT_FOUND',
      sentence: 'Element not found: the object does not exist (any more). Refresh the list.',
    },
  ],
  [
    0x80070005,
    {
      name: 'E_ACCESSDENIED',
      sentence: 'Access denied: HNS changes need an elevated (administrator) process.',
    },
  ],
  [0x80070057, { name: 'E_INVALIDARG', sentence: 'HNS rejected an argument as invalid.' }],
  [0x80070034, { name: 'ERROR_DUP_NAME', sentence: 'An object with this name already exists.' }],
  [
    0x80070426,
    {
      name: 'ERROR_SERVICE_NOT_ACTIVE',
      sentence: 'The Host Network Service is not running. Start it with "Start-Service hns".',
    },
  ],
  [
    0x800706d9,
    {
      name: 'EPT_S_NOT_REGISTERED',
      sentence:
        'The Host Network Service RPC endpoint is not registered; the service may be starting or crashed.',
    },
  ],
  [
    0x800706ba,
    {
      name: 'RPC_S_SERVER_UNAVAILABLE',
      sentence: 'The Host Network Service is unavailable (RPC server unavailable).',
    },
  ],
  [0x80004001, { name: 'E_NOTIMPL', sentence: 'This HNS build does not implement the operation.' }],
  [0x80004005, { name: 'E_FAIL', sentence: 'HNS reported an unspecified failure.' }],
  [
    0x8007001f,
    { name: 'ERROR_GEN_FAILURE', sentence: 'HNS reported a general failure in its error record.' },
  ],
  [0x8007000e, { name: 'E_OUTOFMEMORY', sentence: 'HNS ran out of memory.' }],
  [
    0x80070006,
    {
      name: 'E_HANDLE',
      sentence: 'The HNS handle is invalid (already closed?). This is a bug in the app; please report it.',
    },
  ],
  [
    0x80004003,
    {
      name: 'E_POINTER',
      sentence: 'HNS was passed a null pointer. This is a bug in the app; please report it.',
    },
  ],
  [0x80070002, { name: 'ERROR_FILE_NOT_FOUND', sentence: 'HNS could not find a file or object it needed.' }],
]);
