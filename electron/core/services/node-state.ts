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

type PodRead = Pick<NodeState, 'pods' | 'podNote'>;

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
  private cached:
    | {
        hns: HnsClient;
        at: number;
        generation: number;
        value: Promise<NodeState>;
        pods: Promise<PodRead>;
      }
    | undefined;
  private generation = 0;
  /** Drops the current read when it gets too old; cleared whenever that read is replaced. */
  private expiry: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly maxAgeMs = 5000,
    /** Read beside HNS in the same node read, so a refresh costs one CRI walk, not one per endpoint. */
    private readonly pods?: PodSource,
  ) {}

  private readPods(): Promise<PodRead> {
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

  /** The current read, if it may serve: in flight, or done and young enough (unless fresh). */
  private current(hns: HnsClient, fresh = false): typeof this.cached {
    const c = this.cached;
    if (!c || c.hns !== hns || c.generation !== this.generation) return undefined;
    return c.at === -1 || (!fresh && Date.now() - c.at <= this.maxAgeMs) ? c : undefined;
  }

  /**
   * Only the pods, for one endpoint's detail: the current read's walk when there is one (so a list
   * and its detail cost one CRI walk), without waiting for HNS's endpoint list — a slow list must not
   * hold the detail drawer, which reads its endpoint by itself.
   */
  podsFor(hns: HnsClient): Promise<PodRead> {
    return this.current(hns)?.pods ?? this.readPods();
  }

  read(hns: HnsClient, options: { fresh?: boolean } = {}): Promise<NodeState> {
    const c = this.current(hns, options.fresh);
    if (c) return c.value;
    const pods = this.readPods();
    const value = Promise.all([hns.listEndpoints(), hns.listNetworks(), hns.listNamespaces(), pods]).then(
      ([endpoints, networks, namespaces, p]) => ({ endpoints, networks, namespaces, ...p }),
    );
    const entry = { hns, at: -1, generation: this.generation, value, pods };
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
