import { hostname } from 'node:os';
import { AppFailure, type AppError } from '../base/app-error';
import { mapLimit } from '../base/map-limit';
import type { ProxyPolicyInput } from '../core/policy/model';
import { toAppError, zodIssuesToAppError } from '../core/services/errors';
import type { HnsInfo } from '../core/views';
import { isNodeChannel } from '../ipc/channels';
import { inputSchema, type Channel } from '../ipc/contract';
import type { NodeInfo } from '../ipc/fleet-schema';
import type { Router } from '../ipc/router';
import { connectorFor } from './connector';
import { fleetApply, fleetDiagnose, fleetEndpoints, type FleetScope } from './fleet-calls';
import { FleetWatch } from './fleet-watch';
import {
  connectQuestion,
  pinConfirmed,
  refuseUntrustable,
  sshConnectQuestion,
  trustQuestion,
  type Question,
} from './host-key-trust';
import { credentialsText, describeCredentials, loadKubeConfig } from './kube-config';
import { discoverKubernetes } from './kube-discovery';
import {
  LOCAL,
  nodeInfo,
  NodeRegistry,
  notConfirmed,
  versionOf,
  type FleetNodeKind,
  type RemoteNode,
} from './node-registry';
import { parseNodeTarget, type NodeTarget } from './node-target';
import { RemoteRouter, type Connector } from './remote-router';
import type { HostKeyReport } from './ssh-transport';

// The GUI's nodes: this machine (the local router) and remote ones, each a RemoteRouter over its own
// agent connection. Per-node calls go to that node's agent (its validation, journal and undo); fleet
// calls fan out (fleet-calls.ts). Nothing of the administrator's is used for a node before the user
// confirmed that node in main's dialog (node-registry.ts says how that is enforced).

export type { FleetNodeKind } from './node-registry';

export interface FleetNodeSpec {
  id: string;
  kind: FleetNodeKind;
  connector: Connector;
}

export interface FleetOptions {
  /** This machine's router (the same one the window uses). */
  local: Router;
  localLabel?: string;
  /** Nodes the host itself provides (the harness's simulated fleet): they use no admin credential. */
  nodes?: FleetNodeSpec[];
  /** Nodes asked at once by fleet-wide calls (default 16). */
  concurrency?: number;
  knownHostsFile?: string;
  keyFile?: string;
  /** The kubeconfig nodes.discover reads (default as kubectl: KUBECONFIG, ~/.kube/config). */
  kubeconfig?: string;
  /** Deadline of every request to a node's agent (default 120 s): a silent node is reported, not waited for. */
  requestTimeoutMs?: number;
  /** Reads a node's host key without logging in (default: ssh-transport probeHostKey). */
  probeHostKey?: (target: Extract<NodeTarget, { kind: 'ssh' }>) => Promise<HostKeyReport>;
  /** The transport of a confirmed target; `expect` is the fingerprint the user confirmed. */
  connectorFor?: (target: NodeTarget, expect: string) => Connector;
  /** Notes from reconnects and discovery: the app's notifier/log (escape before printing). */
  onNote?: (node: string, text: string) => void;
  /**
   * Asked by the host itself before this process uses the admin's SSH key or agent or kubeconfig
   * credentials for a node, trusts a host key, or reads the kubeconfig's nodes: Electron main shows a
   * native dialog the renderer cannot answer. The harness, whose nodes are simulated and dial
   * nothing, leaves it out.
   */
  confirm?: (question: Question) => Promise<boolean>;
}

/** Long enough for a bulk change on a loaded node; a node silent for longer is reported as such. */
export const DEFAULT_FLEET_REQUEST_MS = 120_000;

function failure(code: AppError['code'], message: string): AppFailure {
  return new AppFailure({ code, message });
}

export class Fleet {
  private readonly registry = new NodeRegistry();
  private readonly scope: FleetScope;

  constructor(private readonly options: FleetOptions) {
    for (const n of options.nodes ?? [])
      this.registry.add({
        id: n.id,
        kind: n.kind,
        router: new RemoteRouter(n.connector, (text) => this.note(n.id, text)),
        consent: 'provided by the host',
      });
    this.scope = {
      routerOf: (id) => this.routerOf(id),
      label: (id) => this.label(id),
      // Nodes asked at once. At 20 ms a round trip, 16 cannot read 1,000 nodes in 2 s (the bench
      // measured 1.56 s at 16 vs 1.23 s at 64 on an idle box); 64 stays a bound on connections.
      concurrency: options.concurrency ?? 64,
    };
  }

  private note(node: string, text: string): void {
    this.options.onNote?.(node, text);
  }

  private confirmed(question: Question): Promise<boolean> {
    return this.options.confirm ? this.options.confirm(question) : Promise.resolve(true);
  }

  /** Registers a target; its connector refuses to use any credential until the node is confirmed. */
  private register(target: NodeTarget, kube?: RemoteNode['kube']): RemoteNode {
    const node = { id: target.label, kind: target.kind, target, ...(kube ? { kube } : {}) } as RemoteNode;
    const guarded: Connector = {
      label: target.label,
      connect: async () => {
        const expect = node.consent;
        if (expect === undefined) throw new AppFailure(notConfirmed(node));
        return this.transport(node, target, expect).connect();
      },
    };
    node.router = new RemoteRouter(guarded, (text) => this.note(node.id, text));
    return this.registry.add(node);
  }

  private transport(node: RemoteNode, target: NodeTarget, expect: string): Connector {
    if (this.options.connectorFor) return this.options.connectorFor(target, expect);
    return connectorFor({
      target,
      ...(this.options.knownHostsFile ? { knownHostsFile: this.options.knownHostsFile } : {}),
      ...(this.options.keyFile ? { keyFile: this.options.keyFile } : {}),
      ...(node.kube?.kubeconfig ? { kubeconfig: node.kube.kubeconfig } : {}),
      ...(node.kube?.context ? { context: node.kube.context } : {}),
      expect,
      connection: { requestTimeoutMs: this.options.requestTimeoutMs ?? DEFAULT_FLEET_REQUEST_MS },
    });
  }

  private remote(id: string): RemoteNode {
    const n = this.registry.find(id);
    if (!n) throw failure('not-found', `No node "${id}": add it first (nodes.list shows the known ones).`);
    return n;
  }

  /** The router of one node: this machine's, or the node's agent once the user confirmed it. */
  routerOf(id: string): Router {
    if (id === LOCAL) return this.options.local;
    const n = this.remote(id);
    if (n.consent === undefined || n.pendingKey) {
      const error = notConfirmed(n);
      return async () => ({ ok: false, error });
    }
    return n.router.route;
  }

  private localLabel(): string {
    return this.options.localLabel ?? `This machine (${hostname()})`;
  }

  private label(id: string): string {
    return id === LOCAL ? this.localLabel() : this.remote(id).router.label;
  }

  private async localInfo(): Promise<NodeInfo> {
    const r = await this.options.local('hns.info', {});
    const base = { id: LOCAL, label: this.localLabel(), kind: 'local' as const };
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

  /** Every node's state; confirmed nodes never tried yet start connecting now (in the background). */
  async list(): Promise<NodeInfo[]> {
    const idle = this.registry.usable().filter((n) => n.router.state.status === 'idle');
    void mapLimit(idle, this.scope.concurrency, (n) => n.router.retry());
    return [await this.localInfo(), ...this.registry.all().map(nodeInfo)];
  }

  async get(id: string): Promise<NodeInfo> {
    return id === LOCAL ? this.localInfo() : nodeInfo(this.remote(id));
  }

  /**
   * The kubeconfig's Windows nodes, added unconnected; the user first confirms using the kubeconfig's
   * credentials (and whatever command they run), and later each node on its own.
   */
  async discover(): Promise<NodeInfo[]> {
    const kubeconfig = this.options.kubeconfig;
    // A host that cannot ask (the harness) never reaches for the user's own kubeconfig.
    if (!this.options.confirm && !kubeconfig)
      throw failure(
        'forbidden',
        'This app finds no Kubernetes nodes here: it has no dialog to ask you before using a kubeconfig.',
      );
    const found = await discoverKubernetes({
      ...(kubeconfig ? { kubeconfig } : {}),
      confirm: (q) => this.confirmed(q),
      note: (text) => this.note('kubernetes', text),
    });
    for (const f of found)
      if (!this.registry.has(f.target.label))
        this.register(f.target, { ...(kubeconfig ? { kubeconfig } : {}), context: f.context });
    return this.list();
  }

  /**
   * Adds a target. SSH: its host key is read first (that logs in nowhere); a key known_hosts trusts
   * is followed by the Connect question; an unknown one waits (status host-key) for pinHostKey.
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
    const existing = this.registry.find(target.label);
    if (existing) return nodeInfo(existing);
    const kubeconfig = this.options.kubeconfig;
    const node = this.register(
      target,
      target.kind === 'k8s' && kubeconfig ? { kubeconfig, context: '' } : undefined,
    );
    return this.establish(node, true);
  }

  /** One question per node at a time: a second add or connect waits for the same answer. */
  private establish(node: RemoteNode, removeIfRefused: boolean): Promise<NodeInfo> {
    node.asking ??= this.ask(node, removeIfRefused).finally(() => {
      node.asking = undefined;
    });
    return node.asking;
  }

  private async ask(node: RemoteNode, removeIfRefused: boolean): Promise<NodeInfo> {
    const target = node.target as NodeTarget;
    let fingerprint: string;
    let question: Question;
    try {
      if (target.kind === 'ssh') {
        const probe =
          this.options.probeHostKey ??
          (async (t) =>
            (await import('./ssh-transport')).probeHostKey({
              target: t,
              ...(this.options.knownHostsFile ? { knownHostsFile: this.options.knownHostsFile } : {}),
            }));
        const report = await probe(target);
        if (report.status !== 'known') {
          node.pendingKey = report;
          return nodeInfo(node);
        }
        fingerprint = report.fingerprint;
        question = sshConnectQuestion(target, fingerprint);
      } else {
        const kc = await loadKubeConfig({
          ...(node.kube?.kubeconfig ? { kubeconfig: node.kube.kubeconfig } : {}),
          ...(node.kube?.context ? { context: node.kube.context } : {}),
        });
        const creds = describeCredentials(kc);
        node.kube = { ...node.kube, context: kc.getCurrentContext() };
        fingerprint = creds.fingerprint;
        question = connectQuestion(target, `with your kubeconfig (${credentialsText(creds)})`);
      }
    } catch (e) {
      // Unreachable now (or no kubeconfig): listed with the reason; Retry (nodes.connect) asks again.
      return { ...nodeInfo(node), status: 'unreachable', error: toAppError(e) };
    }
    if (!(await this.confirmed(question))) {
      if (removeIfRefused) {
        this.registry.delete(node.id);
        await node.router.close();
      }
      throw failure('request-cancelled', `Not connected: connecting to ${target.label} was not confirmed.`);
    }
    node.consent = fingerprint;
    await node.router.retry();
    return nodeInfo(node);
  }

  /** Trusts the key the user confirmed, if it is still the one the node presented, then connects. */
  async pinHostKey(id: string, fingerprint: string): Promise<NodeInfo> {
    const n = this.remote(id);
    const k = n.pendingKey;
    if (!k) throw failure('conflict', `${n.router.label} has no host key waiting for confirmation.`);
    refuseUntrustable(n.router.label, k, fingerprint);
    if (!(await this.confirmed(trustQuestion(n.router.label, k))))
      throw failure('request-cancelled', `Nothing was pinned: ${k.fingerprint} was not confirmed.`);
    pinConfirmed(k);
    delete n.pendingKey;
    n.consent = k.fingerprint;
    await n.router.retry();
    return nodeInfo(n);
  }

  /** Connects (again) now: the switcher's Retry; a node never confirmed is asked about first. */
  async connect(id: string): Promise<NodeInfo> {
    if (id === LOCAL) return this.localInfo();
    const n = this.remote(id);
    if (n.pendingKey) return nodeInfo(n);
    if (n.consent === undefined) return this.establish(n, false);
    await n.router.retry();
    return nodeInfo(n);
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

  /** The nodes a fleet-wide call asks: the named ones, or this machine and every confirmed node. */
  private ids(only?: readonly string[]): string[] {
    if (!only) return [LOCAL, ...this.registry.usable().map((n) => n.id)];
    for (const id of only) if (id !== LOCAL) this.remote(id);
    return [...new Set(only)];
  }

  endpoints(only?: readonly string[]) {
    return fleetEndpoints(this.scope, this.ids(only));
  }

  diagnose(only?: readonly string[]) {
    return fleetDiagnose(this.scope, this.ids(only));
  }

  apply(targets: ReadonlyArray<{ node: string; endpointIds: string[] }>, policy: ProxyPolicyInput) {
    const byNode = new Map<string, string[]>();
    for (const t of targets) byNode.set(t.node, [...(byNode.get(t.node) ?? []), ...t.endpointIds]);
    this.ids([...byNode.keys()]);
    return fleetApply(this.scope, byNode, policy);
  }

  /** One fleet watch per interval (the window asks with one; a second window shares it). */
  private readonly watches = new Map<number, FleetWatch>();

  /** The chosen nodes' changes as one feed (fleet-watch.ts): nodes are followed from the first ask. */
  async watch(input: {
    nodes?: readonly string[] | undefined;
    since: number;
    watchId?: string | undefined;
    waitMs: number;
    intervalMs: number;
  }) {
    let w = this.watches.get(input.intervalMs);
    if (!w) this.watches.set(input.intervalMs, (w = new FleetWatch(this.scope, input.intervalMs)));
    await w.follow(this.ids(input.nodes));
    return w.poll(input);
  }

  async close(): Promise<void> {
    for (const w of this.watches.values()) w.close();
    await Promise.all(this.registry.all().map((n) => n.router.close()));
  }
}
