import type {
  HnsVersion,
  HostComputeEndpoint,
  HostComputeNamespace,
  HostComputeNetwork,
} from '../../../native/hns-json';
import type { Finding } from '../views';
import type { JournalEntry } from '../views';
import type { PolicyGroup } from '../mesh/match';
import type { ProxySettingsRaw } from './proxy-settings';

/** Everything the engine looks at: plain data, so it runs on a live node, a snapshot or a test. */
export interface DiagnoseInput {
  endpoints: HostComputeEndpoint[];
  networks: HostComputeNetwork[];
  namespaces: HostComputeNamespace[];
  /** null when the version could not be read (pre-1803 hosts, or a snapshot without it). */
  hnsVersion: HnsVersion | null;
  journal: JournalEntry[];
  /** Extra SIDs the user runs proxies as; added to KNOWN_PROXY_SIDS. */
  knownProxySids?: string[];
}

/** One endpoint, pre-digested once so each rule stays a few lines. */
export interface EndpointFacts {
  id: string;
  name: string;
  endpoint: HostComputeEndpoint;
  proxies: ProxySettingsRaw[];
  /** The proxies' policies grouped into configurations (one per writer set or proxy). */
  groups: PolicyGroup[];
  others: { type: string; settings: unknown }[];
  namespaceId: string;
  containerIds: string[];
  journal: JournalEntry[];
}

export interface RuleContext {
  input: DiagnoseInput;
  knownProxySids: Set<string>;
}

export interface EndpointRule {
  id: string;
  /** One line for the docs/--help: what the rule looks for. */
  title: string;
  check(ep: EndpointFacts, ctx: RuleContext): Finding[];
}

export interface NodeRule {
  id: string;
  title: string;
  check(ctx: RuleContext, endpoints: EndpointFacts[]): Finding[];
}
