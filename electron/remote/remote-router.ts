import type { AppError, Result } from '../base/app-error';
import { toAppError } from '../core/services/errors';
import type { Router } from '../ipc/router';
import { checkAnswer } from './answer-check';
import { ConnectionLostError, type AgentConnection, type LostRequest } from './agent-client';
import type { Handshake, RequestStatus } from './protocol';

// A Router for one remote node that survives a dropped connection: it connects on first use, and when
// the connection is lost under a request it reconnects once. A read is simply asked again; a change is
// never re-sent — the new agent is asked what became of it (request-ledger.ts), and the caller gets
// either the change's real outcome or a definite "not applied", with a note saying which.

export interface Connector {
  label: string;
  connect(): Promise<AgentConnection>;
}

export interface LostOutcome {
  request: LostRequest;
  status: RequestStatus;
  /** One sentence for people: applied (with its journal entry), failed, never arrived, interrupted. */
  summary: string;
}

export interface SettleOptions {
  /** How often to ask again while another agent is still running the change. */
  pollMs?: number;
  /** Guard only: give up waiting for a running change after this long (default 10 min). */
  timeoutMs?: number;
}

function journalIds(value: unknown): string[] {
  const v = value as { journalId?: string; outcomes?: Array<{ result?: { journalId?: string } }> };
  if (v?.journalId) return [v.journalId];
  return (v?.outcomes ?? []).map((o) => o.result?.journalId).filter((x): x is string => !!x);
}

export function describeLost(label: string, l: LostRequest, s: RequestStatus): string {
  const what = `${l.channel} (request ${l.id})`;
  switch (s.state) {
    case 'done': {
      if (!s.result.ok) return `${what} reached ${label} and failed there: ${s.result.error.message}`;
      const ids = journalIds(s.result.value);
      return `${what} was applied on ${label} before the connection dropped${ids.length ? `; journal ${ids.length > 1 ? 'entries' : 'entry'} ${ids.join(', ')}` : ''}.`;
    }
    case 'not-received':
      return `${what} never reached the agent on ${label}: nothing changed, and it can no longer run.`;
    case 'running':
      return `${what} is still running on ${label} (agent process ${s.pid}).`;
    case 'interrupted':
      return `${what} was interrupted on ${label}: its agent stopped before recording the outcome. Check the endpoint and the node's journal.`;
  }
}

/** Asks a fresh connection about lost changes, waiting while another agent still runs one. */
export async function settleLost(
  conn: AgentConnection,
  lost: readonly LostRequest[],
  options: SettleOptions = {},
): Promise<LostOutcome[]> {
  const changes = lost.filter((l) => l.change);
  if (!changes.length) return [];
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const byId = new Map<string, RequestStatus>();
  let ask = changes.map((c) => c.id);
  for (;;) {
    for (const s of await conn.requestStatus(ask)) byId.set(s.id, s);
    ask = [...byId.values()].filter((s) => s.state === 'running').map((s) => s.id);
    if (!ask.length || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
  }
  return changes.map((request) => {
    const status = byId.get(request.id) ?? { id: request.id, state: 'interrupted' as const };
    return { request, status, summary: describeLost(conn.label, request, status) };
  });
}

/** Per-node connection state, for the GUI's node switcher (connecting, connected with HNS, unreachable). */
export type NodeState =
  | { status: 'idle' }
  | { status: 'connecting' }
  | { status: 'connected'; handshake: Handshake }
  | { status: 'unreachable'; error: AppError };

export class RemoteRouter {
  private current: Promise<AgentConnection> | undefined;
  private resolved: AgentConnection | undefined;
  private stateValue: NodeState = { status: 'idle' };
  private readonly listeners = new Set<(s: NodeState) => void>();

  constructor(
    private readonly connector: Connector,
    private readonly onNote: (text: string) => void = () => undefined,
    private readonly settle: SettleOptions = {},
  ) {}

  get label(): string {
    return this.connector.label;
  }

  get state(): NodeState {
    return this.stateValue;
  }

  /** Calls `listener` on every state change; returns the unsubscribe function. */
  onState(listener: (s: NodeState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setState(s: NodeState): void {
    this.stateValue = s;
    for (const l of this.listeners) l(s);
  }

  /** Connects now (the GUI's Retry); resolves with the resulting state, never rejects. */
  async retry(): Promise<NodeState> {
    await this.connection().catch(() => undefined);
    return this.stateValue;
  }

  /** The live connection (connecting if needed); a lost or failed one is not reused. */
  connection(): Promise<AgentConnection> {
    if (this.resolved && !this.resolved.isOpen) {
      this.current = undefined;
      this.resolved = undefined;
    }
    if (this.current) return this.current;
    const p = this.connector.connect();
    this.current = p;
    this.setState({ status: 'connecting' });
    p.then(
      (c) => {
        if (this.current !== p) return;
        this.resolved = c;
        this.setState({ status: 'connected', handshake: c.handshake });
        void c.closed.then((error) => {
          if (this.resolved === c) this.setState({ status: 'unreachable', error });
        });
      },
      (e: unknown) => {
        if (this.current !== p) return;
        this.current = undefined;
        this.setState({ status: 'unreachable', error: toAppError(e) });
      },
    );
    return p;
  }

  /**
   * The node's router. A connection lost under a request is recovered: a read is asked again on a new
   * connection; a change is looked up in the node's ledger and its real outcome returned.
   */
  readonly route: Router = async (channel, input): Promise<Result<unknown>> => {
    let conn: AgentConnection;
    try {
      conn = await this.connection();
    } catch (e) {
      return { ok: false, error: toAppError(e) };
    }
    try {
      return await conn.request(String(channel) as never, input as never);
    } catch (e) {
      if (!(e instanceof ConnectionLostError)) return { ok: false, error: toAppError(e) };
      let fresh: AgentConnection;
      try {
        fresh = await this.connection();
      } catch (again) {
        return {
          ok: false,
          error: {
            ...e.error,
            message: `${e.error.message} Reconnecting failed: ${toAppError(again).message}`,
          },
        };
      }
      if (!e.lost.change) {
        this.onNote(`${e.error.message} Reconnected to ${fresh.label}; asked again.`);
        return fresh.route(String(channel), input);
      }
      const [outcome] = await settleLost(fresh, [e.lost], this.settle);
      if (!outcome) return { ok: false, error: e.error };
      this.onNote(
        `The connection to ${fresh.label} dropped; reconnected and asked the node: ${outcome.summary}`,
      );
      // What the ledger recorded is the node's word like any answer: the same contract check.
      if (outcome.status.state === 'done')
        return checkAnswer(fresh.label, String(channel), outcome.status.result as Result<unknown>);
      return { ok: false, error: { code: 'connection-lost', message: outcome.summary } };
    }
  };

  async close(): Promise<void> {
    const c = this.current;
    this.current = undefined;
    this.resolved = undefined;
    this.setState({ status: 'idle' });
    if (c) (await c.catch(() => undefined))?.close();
  }
}
