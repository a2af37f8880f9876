import { hostname } from 'node:os';
import { mapLimit } from '../base/map-limit';
import { AppFailure, type AppError, type Result } from '../base/app-error';
import type { ProxyPolicyInput } from '../core/policy/model';
import type { BulkResult, DiagnosticsReport, EndpointSummary, HnsInfo } from '../core/views';
import { isNodeChannel } from '../ipc/channels';
import { inputSchema, type Channel } from '../ipc/contract';
import { zodIssuesToAppError } from '../core/services/errors';
import type { Router } from '../ipc/router';
import { connectorFor } from './cli-remote';
import { FLEET_CHANNELS, type FleetChannel, type NodeInfo } from './fleet-schema';
import { pinHostKey } from './known-hosts';
import { parseNodeTarget, type NodeTarget } from './node-target';
import { RemoteRouter, type Connector } from './remote-router';
import type { HostKeyReport } from './ssh-transport';

// The GUI's nodes: this machine (the local router) and remote ones, each a RemoteRouter over its own
// agent connection. Per-node calls go to that node's agent — its validation, journal and undo; fleet
// calls fan out over the nodes in parallel, at most `concurrency` at a time, and answer per node.

export type FleetNodeKind = NodeInfo['kind'];

export interface FleetNodeSpec {
  id: string;
  kind: FleetNodeKind;
  connector: Connector;
}

export interface FleetOptions {
  /** This machine's router (the same one the window uses). */
  local: Router;
  localLabel?: string;
  /** Nodes known from the start (the harness's simulated fleet; discovered Kubernetes nodes). */
  nodes?: FleetNodeSpec[];
  /** Nodes asked at once by fleet-wide calls (default 16). */
  concurrency?: number;
  knownHostsFile?: string;
  keyFile?: string;
  /** Reads a node's host key without logging in (default: ssh-transport probeHostKey). */
  probeHostKey?: (target: Extract<NodeTarget, { kind: 'ssh' }>) => Promise<HostKeyReport>;
  /** The connector of an added target (default: cli-remote connectorFor, as --node uses). */
  connectorFor?: (target: NodeTarget) => Connector;
  /** Notes from reconnects (a change settled after a dropped connection): the app's notifier/log. */
  onNote?: (node: string, text: string) => void;
  /**
   * Asked by the host itself before this process uses the admin's SSH credentials on a node or trusts
   * a host key: Electron main shows a native dialog the renderer cannot answer (a compromised window
   * must not be able to log in somewhere of its choosing). The harness, whose nodes are simulated and
   * dial nothing, leaves it out.
   */
  confirm?: (question: { title: string; detail: string; action: string }) => Promise<boolean>;
  /**
   * List the Windows nodes of every context of the kubeconfig (default as kubectl) as k8s:// nodes,
   * in the background at start (Electron main; never the harness, which dials nothing).
   */
  discoverKubernetes?: boolean | { kubeconfig?: string };
}

interface RemoteNode {
  id: string;
  kind: FleetNodeKind;
  router: RemoteRouter;
  target?: NodeTarget;
  /** Set while the user has not confirmed this host key; nothing is sent to the node meanwhile. */
  pendingKey?: HostKeyReport;
}

const LOCAL = 'local';

const versionOf = (info: HnsInfo) =>
  info.version ? `${info.version.major}.${info.version.minor}` : undefined;

function failure(code: AppError['code'], message: string): AppFailure {
  return new AppFailure({ code, message });
}

export class Fleet {
  private readonly nodes = new Map<string, RemoteNode>();
  private readonly concurrency: number;

  constructor(private readonly options: FleetOptions) {
    this.concurrency = options.concurrency ?? 16;
    for (const n of options.nodes ?? []) this.addNode(n.id, n.kind, n.connector);
    const kube = options.discoverKubernetes;
    if (kube) void this.discoverKubernetes(typeof kube === 'object' ? kube.kubeconfig : undefined);
  }

  /**
   * Adds the Windows nodes of each kubeconfig context (idle until used). A kubeconfig that is missing
   * or a cluster that does not answer adds nothing: the switcher then lists this machine and SSH nodes.
   */
  async discoverKubernetes(kubeconfig?: string): Promise<string[]> {
    const kt = await import('./kube-transport');
    const file = kubeconfig ? { kubeconfig } : {};
    let contexts: string[];
    try {
      contexts = (await kt.loadKubeConfig(file)).getContexts().map((c) => c.name);
    } catch (e) {
      this.options.onNote?.('kubernetes', `No Kubernetes nodes: ${errorOf(e).message}`);
      return [];
    }
    const added: string[] = [];
    await mapLimit(contexts, 4, async (context) => {
      let nodes: Array<{ name: string }> = [];
      try {
        nodes = await kt.listWindowsNodes({ ...file, context });
      } catch (e) {
        this.options.onNote?.('kubernetes', `Context ${context}: ${errorOf(e).message}`);
      }
      for (const n of nodes) {
        const target = parseNodeTarget(`k8s://${n.name}`);
        if (this.nodes.has(target.label)) continue;
        this.addNode(target.label, 'k8s', connectorFor({ target, context, ...file }), target);
        added.push(target.label);
      }
    });
    return added;
  }

  private addNode(id: string, kind: FleetNodeKind, connector: Connector, target?: NodeTarget): RemoteNode {
    const router = new RemoteRouter(connector, (text) => this.options.onNote?.(id, text));
    const node: RemoteNode = { id, kind, router, ...(target ? { target } : {}) };
    this.nodes.set(id, node);
    return node;
  }

  private remote(id: string): RemoteNode {
    const n = this.nodes.get(id);
    if (!n) throw failure('not-found', `No node "${id}": add it first (nodes.list shows the known ones).`);
    return n;
  }

  /** The router of one node: this machine's, or the node's agent. */
  routerOf(id: string): Router {
    if (id === LOCAL) return this.options.local;
    const n = this.remote(id);
    if (n.pendingKey)
      return async () => ({
        ok: false,
        error: {
          code: 'host-key-unknown',
          message: `Confirm the host key of ${n.router.label} (${n.pendingKey!.fingerprint}) before using it.`,
        },
      });
    return n.router.route;
  }

  private async localInfo(): Promise<NodeInfo> {
    const r = await this.options.local('hns.info', {});
    const base = {
      id: LOCAL,
      label: this.options.localLabel ?? `This machine (${hostname()})`,
      kind: 'local' as const,
    };
    if (!r.ok) return { ...base, status: 'unreachable', error: r.error };
    const info = r.value as HnsInfo;
    const v = versionOf(info);
    return {
      ...base,
      status: 'connected',
      hostname: hostname(),
      l4WfpProxySupported: info.l4WfpProxySupported,
      ...(v ? { hnsVersion: v } : {}),
    };
  }

  private info(n: RemoteNode): NodeInfo {
    const base = { id: n.id, label: n.router.label, kind: n.kind };
    if (n.pendingKey) {
      const k = n.pendingKey;
      return {
        ...base,
        status: 'host-key',
        hostKey: {
          status: k.status,
          keyType: k.keyType,
          fingerprint: k.fingerprint,
          knownHostsFile: k.knownHostsFile,
          ...(k.knownFingerprint ? { knownFingerprint: k.knownFingerprint } : {}),
        },
      };
    }
    const s = n.router.state;
    switch (s.status) {
      case 'connected': {
        const h = s.handshake;
        const v = h.hns.ok ? versionOf(h.hns.info) : undefined;
        return {
          ...base,
          status: 'connected',
          hostname: h.hostname,
          ...(v ? { hnsVersion: v } : {}),
          ...(h.hns.ok ? { l4WfpProxySupported: h.hns.info.l4WfpProxySupported } : {}),
        };
      }
      case 'unreachable':
        return { ...base, status: 'unreachable', error: s.error };
      default:
        return { ...base, status: s.status };
    }
  }

  /** Every node's state; nodes never tried yet start connecting now (in the background, bounded). */
  async list(): Promise<NodeInfo[]> {
    const idle = [...this.nodes.values()].filter((n) => n.router.state.status === 'idle' && !n.pendingKey);
    void mapLimit(idle, this.concurrency, (n) => n.router.retry());
    return [await this.localInfo(), ...[...this.nodes.values()].map((n) => this.info(n))];
  }

  async get(id: string): Promise<NodeInfo> {
    return id === LOCAL ? this.localInfo() : this.info(this.remote(id));
  }

  /**
   * Adds an SSH target. Its host key is read first: a key known_hosts trusts connects at once; an
   * unknown, changed or revoked one waits (status host-key, with the fingerprint) for pinHostKey.
   */
  async add(value: string): Promise<NodeInfo> {
    let target: NodeTarget;
    try {
      target = parseNodeTarget(value);
    } catch (e) {
      throw new AppFailure({
        code: 'validation',
        message: (e as Error).message,
        issues: [{ field: 'target', code: 'node.target', message: (e as Error).message }],
      });
    }
    const existing = this.nodes.get(target.label);
    if (existing) return this.info(existing);
    const connector = (this.options.connectorFor ?? ((t) => connectorFor({ target: t, ...this.sshFiles() })))(
      target,
    );
    const node = this.addNode(target.label, target.kind, connector, target);
    if (target.kind === 'ssh') {
      const probe =
        this.options.probeHostKey ??
        (async (t) => (await import('./ssh-transport')).probeHostKey({ target: t, ...this.sshFiles() }));
      let report: HostKeyReport;
      try {
        report = await probe(target);
      } catch (e) {
        // Unreachable now: listed anyway with the reason; Retry (nodes.connect) tries again.
        return { ...this.info(node), status: 'unreachable', error: errorOf(e) };
      }
      if (report.status !== 'known') {
        node.pendingKey = report;
        return this.info(node);
      }
    }
    // Reading a host key logs in nowhere; from here on the admin's credentials are used.
    const how = target.kind === 'ssh' ? 'over SSH with your SSH key or agent' : 'with your kubeconfig';
    const go = await this.confirmed({
      title: `Connect to ${target.label}?`,
      detail: `HCN Proxy Control will log in to ${target.label} ${how} and run its agent there.`,
      action: 'Connect',
    });
    if (!go) {
      this.nodes.delete(node.id);
      await node.router.close();
      throw failure('request-cancelled', `Not connected: connecting to ${target.label} was not confirmed.`);
    }
    await node.router.retry();
    return this.info(node);
  }

  private confirmed(question: { title: string; detail: string; action: string }): Promise<boolean> {
    return this.options.confirm ? this.options.confirm(question) : Promise.resolve(true);
  }

  private sshFiles(): { knownHostsFile?: string; keyFile?: string } {
    return {
      ...(this.options.knownHostsFile ? { knownHostsFile: this.options.knownHostsFile } : {}),
      ...(this.options.keyFile ? { keyFile: this.options.keyFile } : {}),
    };
  }

  /** Trusts the key the user confirmed, if it is still the one the node presented, then connects. */
  async pinHostKey(id: string, fingerprint: string): Promise<NodeInfo> {
    const n = this.remote(id);
    const k = n.pendingKey;
    if (!k) throw failure('conflict', `${n.router.label} has no host key waiting for confirmation.`);
    if (k.fingerprint !== fingerprint)
      throw failure(
        'host-key-changed',
        `${n.router.label} presented ${k.fingerprint}, not the confirmed ${fingerprint}: nothing was pinned.`,
      );
    if (k.status === 'revoked')
      throw failure(
        'host-key-revoked',
        `${k.fingerprint} is marked @revoked in ${k.knownHostsFile}: remove that line first if the key is trusted again.`,
      );
    const trusted = await this.confirmed({
      title: `Trust the host key of ${n.router.label}?`,
      detail: `${n.router.label} presented ${k.fingerprint} (${k.status === 'changed' ? 'a CHANGED key' : 'an unknown key'}). Compare it with the key on the node (ssh-keygen -lf) before you trust it; it is written to ${k.knownHostsFile}.`,
      action: 'Trust and connect',
    });
    if (!trusted)
      throw failure('request-cancelled', `Nothing was pinned: ${k.fingerprint} was not confirmed.`);
    pinHostKey({
      file: k.knownHostsFile,
      host: k.host,
      port: k.port,
      key: k.key,
      replace: k.status === 'changed',
    });
    delete n.pendingKey;
    await n.router.retry();
    return this.info(n);
  }

  /** Connects (again) now: the switcher's Retry. */
  async connect(id: string): Promise<NodeInfo> {
    if (id === LOCAL) return this.localInfo();
    const n = this.remote(id);
    if (n.pendingKey) return this.info(n);
    await n.router.retry();
    return this.info(n);
  }

  /** One of the contract's channels on one node (the renderer's api with a node chosen). */
  async route(id: string, channel: string, input: unknown): Promise<unknown> {
    if (!isNodeChannel(channel))
      throw failure('validation', `"${channel.slice(0, 100)}" cannot be sent to a node.`);
    // The window's rules hold before the request leaves this machine (the node's agent checks again
    // with the administrator's); the local node's router applies them itself.
    if (id !== LOCAL) {
      const checked = inputSchema(channel as Channel, 'window').safeParse(input ?? {});
      if (!checked.success) throw new AppFailure(zodIssuesToAppError(checked.error));
    }
    const r = await this.routerOf(id)(channel, input);
    if (!r.ok) throw new AppFailure(r.error);
    return r.value;
  }

  private ids(only?: readonly string[]): string[] {
    const all = [LOCAL, ...this.nodes.keys()];
    if (!only) return all.filter((id) => id === LOCAL || !this.nodes.get(id)!.pendingKey);
    for (const id of only) if (id !== LOCAL) this.remote(id);
    return [...new Set(only)];
  }

  private label(id: string): string {
    return id === LOCAL
      ? (this.options.localLabel ?? `This machine (${hostname()})`)
      : this.remote(id).router.label;
  }

  private async fan<T>(
    ids: readonly string[],
    call: (router: Router, id: string) => Promise<Result<unknown>>,
  ) {
    return mapLimit(ids, this.concurrency, async (node) => {
      const r = await call(this.routerOf(node), node).catch((e: unknown): Result<unknown> => ({
        ok: false,
        error: errorOf(e),
      }));
      const label = this.label(node);
      return r.ok
        ? { node, label, ok: true as const, value: r.value as T }
        : { node, label, ok: false as const, error: r.error };
    });
  }

  /** Every node's endpoints (each its own one read), nodes in parallel, bounded. */
  async endpoints(only?: readonly string[]) {
    return { nodes: await this.fan<EndpointSummary[]>(this.ids(only), (r) => r('endpoints.list', {})) };
  }

  async diagnose(only?: readonly string[]) {
    return { nodes: await this.fan<DiagnosticsReport>(this.ids(only), (r) => r('diagnostics.all', {})) };
  }

  /** The policy on the chosen endpoints of each node: one applyToMany per node, journalled there. */
  async apply(targets: ReadonlyArray<{ node: string; endpointIds: string[] }>, policy: ProxyPolicyInput) {
    const byNode = new Map<string, string[]>();
    for (const t of targets) byNode.set(t.node, [...(byNode.get(t.node) ?? []), ...t.endpointIds]);
    this.ids([...byNode.keys()]);
    return {
      nodes: await this.fan<BulkResult>([...byNode.keys()], (r, node) =>
        r('policies.applyToMany', { endpointIds: byNode.get(node), policy }),
      ),
    };
  }

  async close(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((n) => n.router.close()));
  }
}

function errorOf(e: unknown): AppError {
  if (e instanceof AppFailure) return e.error;
  return { code: 'remote-unreachable', message: e instanceof Error ? e.message : String(e) };
}

/** Channel → Fleet method, merged into the router's handlers by app-core. */
export function fleetHandlers(fleet: Fleet): Record<FleetChannel, (input: never) => Promise<unknown>> {
  return {
    'nodes.list': () => fleet.list(),
    'nodes.add': ({ target }: { target: string }) => fleet.add(target),
    'nodes.connect': ({ node }: { node: string }) => fleet.connect(node),
    'nodes.pinHostKey': ({ node, fingerprint }: { node: string; fingerprint: string }) =>
      fleet.pinHostKey(node, fingerprint),
    'nodes.route': ({ node, channel, input }: { node: string; channel: string; input: unknown }) =>
      fleet.route(node, channel, input),
    'fleet.endpoints': ({ nodes }: { nodes?: string[] }) => fleet.endpoints(nodes),
    'fleet.diagnose': ({ nodes }: { nodes?: string[] }) => fleet.diagnose(nodes),
    'fleet.apply': ({
      targets,
      policy,
    }: {
      targets: Array<{ node: string; endpointIds: string[] }>;
      policy: ProxyPolicyInput;
    }) => fleet.apply(targets, policy),
  };
}

/** Without a fleet (the CLI, an agent): node management belongs to the GUI's main process. */
export function noFleetHandlers(): Record<FleetChannel, () => Promise<never>> {
  const refuse = async (): Promise<never> => {
    throw failure('forbidden', 'Node management runs in the GUI; this process manages its own node only.');
  };
  return Object.fromEntries(FLEET_CHANNELS.map((c) => [c, refuse])) as Record<
    FleetChannel,
    () => Promise<never>
  >;
}
