// The one proxy-policy model. Pure: used by the renderer form, IPC validation, CLI and HNS mapping.

export interface ProxyExceptionsModel {
  ipAddresses: string[];
  ports: number[];
}

/** An L4WFPPROXY policy as the app thinks of it (HNS's JSON is produced by toHns in hns-mapping.ts). */
export interface ProxyPolicy {
  inboundProxyPort?: number;
  outboundProxyPort?: number;
  /** Processes running as this SID (prefix match) are not redirected: the proxy's own identity. */
  userSid?: string;
  /** Each entry an IPv4 address or prefix. */
  localAddresses: string[];
  remoteAddresses: string[];
  /** Each entry a port "80" or a range "8000-8080". */
  localPorts: string[];
  remotePorts: string[];
  /** WFP filter weight; HNS omits 0. */
  priority?: number;
  protocol: 'TCP';
  inboundExceptions: ProxyExceptionsModel;
  outboundExceptions: ProxyExceptionsModel;
}

/** A single value as people type it: the form and the CLI send text, JSON callers send numbers. */
type Loose = string | number;
/** A list as an array, or as comma/space-separated text ("80, 443"). */
type LooseList = Loose | Loose[];

/** What validateProxyPolicy accepts (the IPC input of policies.add/applyToMany); a ProxyPolicy is one. */
export interface ProxyPolicyInput {
  inboundProxyPort?: Loose | null;
  outboundProxyPort?: Loose | null;
  /** The seed's single ProxyPort: both directions. */
  proxyPort?: Loose | null;
  userSid?: string | null;
  localAddresses?: LooseList | null;
  remoteAddresses?: LooseList | null;
  localPorts?: LooseList | null;
  remotePorts?: LooseList | null;
  priority?: Loose | null;
  /** "TCP" or "6"; anything else is refused (the L4 proxy is TCP-only). */
  protocol?: Loose | null;
  inboundExceptions?: { ipAddresses?: LooseList | null; ports?: LooseList | null } | null;
  outboundExceptions?: { ipAddresses?: LooseList | null; ports?: LooseList | null } | null;
}

export const WELL_KNOWN_SIDS: Readonly<Record<string, string>> = {
  'S-1-5-18': 'Local System',
  'S-1-5-19': 'Local Service',
  'S-1-5-20': 'Network Service',
  'S-1-5-32-544': 'Administrators',
  'S-1-5-32-556': 'Network Configuration Operators',
};

export function sidName(sid: string | undefined): string | undefined {
  return sid ? WELL_KNOWN_SIDS[sid.toUpperCase()] : undefined;
}
