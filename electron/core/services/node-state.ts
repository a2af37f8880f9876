import type { HnsClient } from '../../../native/hns-client';
import type { HostComputeEndpoint, HostComputeNamespace, HostComputeNetwork } from '../../../native/hns-json';

export interface NodeState {
  endpoints: HostComputeEndpoint[];
  networks: HostComputeNetwork[];
  namespaces: HostComputeNamespace[];
  /** Canonical HNS namespace GUID → `namespace/name` of the pod holding it (empty without a CRI). */
  pods: Map<string, string>;
  /** Why there are no pods although a CRI source is configured (unreachable runtime). */
  podNote?: string;
}

/** One walk of the node's pods (core/containers/pods.ts: the CRI). Keys: canonical namespace GUIDs. */
export type PodSource = () => Promise<Map<string, string>>;

/**
 * One read of the whole node, shared. Listing N endpoints costs 3N+1 HNS calls, and the GUI asks
 * for the list and for diagnostics of that same list back to back: without sharing, every refresh
 * read the node twice (three times with a detail drawer open). A fresh read (the user's Refresh)
 * always goes to HNS; derived views accept a read at most `maxAgeMs` old; any change we make and
 * any swap of the backend (snapshot open/close) drops it.
 */
export class NodeStateReader {
  private cached: { hns: HnsClient; at: number; generation: number; value: Promise<NodeState> } | undefined;
  private generation = 0;
  /** Drops the current read when it gets too old; cleared whenever that read is replaced. */
  private expiry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly maxAgeMs = 5000,
    /** Read beside HNS in the same node read, so a refresh costs one CRI walk, not one per endpoint. */
    private readonly pods?: PodSource,
  ) {}

  private readPods(): Promise<{ pods: Map<string, string>; podNote?: string }> {
    if (!this.pods) return Promise.resolve({ pods: new Map() });
    // The pod column is extra: an unreachable runtime leaves it empty and says why, the read goes on.
    return this.pods().then(
      (pods) => ({ pods }),
      (e: unknown) => ({
        pods: new Map(),
        podNote: `No pods: ${(e as { error?: { message?: string } }).error?.message ?? (e instanceof Error ? e.message : String(e))}`,
      }),
    );
  }

  read(hns: HnsClient, options: { fresh?: boolean } = {}): Promise<NodeState> {
    const c = this.cached;
    const usable = c && c.hns === hns && c.generation === this.generation;
    const inFlight = c?.at === -1;
    if (usable && (inFlight || (!options.fresh && Date.now() - c.at <= this.maxAgeMs))) return c.value;
    const value = Promise.all([
      hns.listEndpoints(),
      hns.listNetworks(),
      hns.listNamespaces(),
      this.readPods(),
    ]).then(([endpoints, networks, namespaces, pods]) => ({ endpoints, networks, namespaces, ...pods }));
    const entry = { hns, at: -1, generation: this.generation, value };
    this.replace(entry);
    // While in flight (at = -1) even a fresh request shares it; a failed read is never reused.
    value.then(
      () => {
        if (this.cached !== entry) return;
        entry.at = Date.now();
        // Past its age it can serve nobody: let 5,000 endpoints' JSON go rather than hold it.
        // (The timer must not outlive the entry: a pending closure kept every replaced read alive.)
        this.expiry = setTimeout(() => this.replace(undefined), this.maxAgeMs + 1);
        this.expiry.unref?.();
      },
      () => {
        if (this.cached === entry) this.replace(undefined);
      },
    );
    return value;
  }

  invalidate(): void {
    this.generation++;
    this.replace(undefined);
  }

  private replace(next: typeof this.cached): void {
    clearTimeout(this.expiry);
    this.expiry = undefined;
    this.cached = next;
  }
}
