import { randomBytes } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import pkg from '../../package.json';
import { AppFailure, type AppError, type Result } from '../base/app-error';
import { contract, inputSchema, type Channel, type Input, type Origin, type Output } from '../ipc/contract';
import { streamWaitMs } from '../ipc/channels';
import { zodIssuesToAppError, type Router } from '../ipc/router';
import { boundedSafeParse, checkAnswer, tooDense } from './answer-check';
import { LineSplitter } from './line-splitter';
import {
  agentChannels,
  HELLO_LIMIT_BYTES,
  HelloLineSchema,
  isChangeChannel,
  PROTOCOL_VERSION,
  ResponseEnvelopeSchema,
  responseLimit,
  type ClientIdentity,
  type Handshake,
  type RequestStatus,
} from './protocol';

// The client side of the agent protocol (docs/agent-protocol.md), over any pair of byte streams:
// an SSH channel, a Kubernetes exec WebSocket, or in-process pipes (tests, the harness's --fleet).
// Transports only produce an AgentStreams; everything about the protocol lives here.

/** How a remote command ended, as the transport learnt it (SSH exit-status, exec status channel). */
export interface RemoteExit {
  code: number | null;
  signal?: string | null;
  /** The transport's own words (e.g. the Kubernetes Status message). */
  message?: string;
}

export interface AgentStreams {
  /** The agent's stdout. */
  readable: Readable;
  /** The agent's stdin. */
  writable: Writable;
  /** The agent's stderr, if the transport carries it (quoted when the agent fails to start). */
  stderr?: Readable;
  /** Settles when the remote command has ended. */
  exit?: Promise<RemoteExit>;
  /** Tears the transport down (SSH session, WebSocket, pipes). */
  close(): void;
}

export interface ConnectionOptions {
  /** The node as users name it: "ssh://admin@node1:22", "k8s://node1", "in-process:sim-3". */
  label: string;
  /** The remote command line, named when the agent does not start. */
  command?: string;
  /** Guard only (a loaded node can be slow to start node.exe): default 120 s. */
  handshakeTimeoutMs?: number;
  /** Check every answer against the contract's output schema (default true: the node is not trusted). */
  validateOutput?: boolean;
  /** One cap for every answer instead of the per-channel limits (protocol.ts responseLimit). */
  maxResponseLineBytes?: number;
  /**
   * Deadline of each request (default 300 s): a node that does not answer by then gets a failure
   * saying so, and its late answer is dropped. The CLI's --timeout sets it.
   */
  requestTimeoutMs?: number;
  /** Who this client says it is, recorded by the agent beside each change (default: this user and host). */
  client?: ClientIdentity;
  /**
   * Who is asking, when not the administrator at a CLI: a GUI main process forwarding its window's
   * requests passes 'window', so the window's input rules (contract windowInput) hold before the
   * request leaves this machine. The agent applies the CLI's rules (its peer is an SSH/exec login).
   */
  origin?: Origin;
}

/** A request that was in flight when the connection went: the caller may ask the node about it. */
export interface LostRequest {
  id: string;
  channel: string;
  input: unknown;
  change: boolean;
}

/** Rejection of every request pending when the connection is lost: code "connection-lost". */
export class ConnectionLostError extends AppFailure {
  constructor(
    error: AppError,
    readonly lost: LostRequest,
  ) {
    super(error);
    this.name = 'ConnectionLostError';
  }
}

interface Pending {
  channel: string;
  input: unknown;
  resolve(r: Result<unknown>): void;
  reject(e: unknown): void;
  timer: ReturnType<typeof setTimeout>;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
/** Late answers still expected: beyond this many, the oldest is forgotten (its answer then breaks the line limit). */
const MAX_ABANDONED = 1000;

const STDERR_TAIL_BYTES = 2000;

function localIdentity(): ClientIdentity {
  let user: string;
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  return {
    user: user.slice(0, 256) || 'unknown',
    host: hostname().slice(0, 256) || 'unknown',
    app: `${pkg.name} ${pkg.version}`.slice(0, 100),
  };
}

function describeExit(exit: RemoteExit): string {
  if (exit.code === 127) return 'exited with code 127 (the shell found no such command on the node)';
  if (exit.code !== null && exit.code !== undefined)
    return `exited with code ${exit.code}${exit.message ? ` (${exit.message})` : ''}`;
  if (exit.signal) return `was killed by signal ${exit.signal}`;
  return exit.message ? `ended (${exit.message})` : 'ended';
}

export class AgentConnection {
  readonly handshake: Handshake;
  /** Settles (never rejects) with the reason once the connection is gone. */
  readonly closed: Promise<AppError>;
  private readonly pending = new Map<string, Pending>();
  /** Requests past their deadline whose answer may still come (read, then dropped). */
  private readonly abandoned = new Map<string, string>();
  private readonly idPrefix = randomBytes(6).toString('hex');
  private seq = 0;
  private lostReason: AppError | undefined;
  private readonly lostList: LostRequest[] = [];
  private resolveClosed!: (e: AppError) => void;

  private constructor(
    private readonly streams: AgentStreams,
    private readonly options: ConnectionOptions,
    handshake: Handshake,
  ) {
    this.handshake = handshake;
    this.closed = new Promise((r) => (this.resolveClosed = r));
  }

  /**
   * Reads the agent's hello, checks the protocol version, and returns a connection ready for
   * requests. If the agent never says hello (command missing, crashed, wrong program), rejects with
   * an AppFailure naming the node, the command, how it ended and what it printed.
   */
  static open(streams: AgentStreams, options: ConnectionOptions): Promise<AgentConnection> {
    return new Promise<AgentConnection>((resolve, reject) => {
      const { label } = options;
      const command = options.command ? `\`${options.command}\`` : 'the agent';
      let conn: AgentConnection | undefined;
      let settled = false;
      let stderrTail = '';
      const noise: string[] = [];
      let exitInfo: RemoteExit | undefined;
      const fail = (error: AppError) => {
        if (conn) return conn.lose(error);
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        streams.close();
        reject(new AppFailure(error));
      };
      const printed = () => {
        const text = [stderrTail.trim(), ...noise].filter(Boolean).join('\n').slice(-STDERR_TAIL_BYTES);
        return text ? ` It printed: ${text}` : '';
      };
      const notStarted = (how: string): AppError => ({
        code: 'agent-unavailable',
        message:
          `The agent did not start on ${label}: ${command} ${how} before the handshake.${printed()} ` +
          'Install hcnproxyctl on the node (README: "Managing remote nodes") or name its command with --remote-agent.',
      });
      const timer = setTimeout(
        () =>
          fail(notStarted(`sent no handshake within ${(options.handshakeTimeoutMs ?? 120_000) / 1000} s`)),
        options.handshakeTimeoutMs ?? 120_000,
      );
      timer.unref?.();

      streams.stderr?.on('data', (d: Buffer) => {
        stderrTail = (stderrTail + d.toString('utf8')).slice(-STDERR_TAIL_BYTES);
      });
      streams.stderr?.on('error', () => undefined);
      const ended = (why: string) => {
        // Give the transport's exit status a chance to say how it ended (it usually arrives with EOF).
        const report = (exit?: RemoteExit) =>
          conn
            ? conn.lose(conn.lostError(exit ? `the agent ${describeExit(exit)}` : why, printed()))
            : fail(notStarted(exit ? describeExit(exit) : why));
        if (exitInfo) report(exitInfo);
        else if (streams.exit)
          void Promise.race([
            streams.exit,
            new Promise<undefined>((r) => setTimeout(() => r(undefined), 2000).unref?.()),
          ]).then(report, () => report());
        else report();
      };
      void streams.exit?.then(
        (e) => {
          exitInfo = e;
        },
        () => undefined,
      );

      const onLine = (line: string) => {
        if (conn) return conn.onLine(line);
        let msg: unknown;
        try {
          msg = JSON.parse(line);
        } catch {
          // A login banner or a profile script's output before the agent starts: keep it for errors.
          if (noise.length < 20) noise.push(line.slice(0, 300));
          return;
        }
        const hello = HelloLineSchema.safeParse(msg);
        if (!hello.success) {
          fail({
            code: 'protocol',
            message: `${label}: ${command} did not answer with the agent handshake (first line: ${line.slice(0, 200)}).`,
          });
          return;
        }
        const h = hello.data.hello;
        if (h.protocol !== PROTOCOL_VERSION) {
          fail({
            code: 'protocol',
            message: `${label} runs hcnproxyctl ${h.app.version} speaking agent protocol ${h.protocol}; this app speaks ${PROTOCOL_VERSION}. Install the same hcnproxyctl version on the node.`,
          });
          return;
        }
        settled = true;
        clearTimeout(timer);
        conn = new AgentConnection(streams, options, h);
        conn.identify(options.client ?? localIdentity());
        resolve(conn);
      };
      // Never more of one line in memory than the largest answer being waited for may be.
      const limit = () => options.maxResponseLineBytes ?? (conn ? conn.lineLimit() : HELLO_LIMIT_BYTES);
      const splitter = new LineSplitter(limit, onLine, (max) =>
        fail({
          code: 'protocol',
          message: `${label} sent a line longer than ${max} bytes (the most an answer to what was asked may be); the connection was closed.`,
        }),
      );
      streams.readable.on('data', (d: Buffer | string) =>
        splitter.push(typeof d === 'string' ? Buffer.from(d) : d),
      );
      streams.readable.on('end', () => {
        splitter.end();
        ended('closed its output');
      });
      streams.readable.on('close', () => ended('closed its output'));
      streams.readable.on('error', (e) => ended(`failed: ${e.message}`));
      streams.writable.on('error', (e) => ended(`stopped reading its input (${e.message})`));
    });
  }

  get label(): string {
    return this.options.label;
  }

  get isOpen(): boolean {
    return !this.lostReason;
  }

  /** Requests that were in flight when the connection was lost (changes first). */
  get lostRequests(): readonly LostRequest[] {
    return this.lostList;
  }

  private lostError(why: string, printed = ''): AppError {
    return { code: 'connection-lost', message: `Connection to ${this.label} lost: ${why}.${printed}` };
  }

  /** One request; the Result is the router's on the node. Rejects with ConnectionLostError. */
  request<C extends Channel>(channel: C, input: Input<C>): Promise<Result<Output<C>>> {
    return this.send(channel, input) as Promise<Result<Output<C>>>;
  }

  /** A Router over this connection: the CLI and the GUI call it exactly like the local one. A lost
   * connection becomes a Result with code "connection-lost" (a Router never throws). */
  readonly route: Router = async (channel, input) => {
    try {
      return await this.send(String(channel), input);
    } catch (e) {
      if (e instanceof AppFailure) return { ok: false, error: e.error };
      throw e;
    }
  };

  /** Asks the node what became of change requests (ids from lostRequests of an earlier connection). */
  async requestStatus(ids: string[]): Promise<RequestStatus[]> {
    const r = await this.send('agent.requestStatus', { ids });
    if (!r.ok) throw new AppFailure(r.error);
    const parsed = boundedSafeParse(agentChannels['agent.requestStatus'].output, r.value);
    if (!parsed.success) throw new AppFailure(zodIssuesToAppError(parsed.error));
    return (parsed.data as { statuses: RequestStatus[] }).statuses;
  }

  /**
   * Says who is asking, for the node's journal (a claim it records, never trusts). Written before any
   * request and not tracked: the agent takes it before any later line, and its answer (an older
   * agent's unknown-channel included) matches no pending request and is dropped.
   */
  private identify(who: ClientIdentity): void {
    const line = JSON.stringify({ id: `${this.idPrefix}-identify`, channel: 'agent.identify', input: who });
    if (!this.lostReason) this.streams.writable.write(line + '\n');
  }

  /** The longest line worth reading now: the largest answer any pending request may get. */
  lineLimit(): number {
    let max = 0;
    for (const p of this.pending.values()) max = Math.max(max, responseLimit(p.channel));
    for (const c of this.abandoned.values()) max = Math.max(max, responseLimit(c));
    // Nothing pending: only a late answer to a request given up on can come; it is dropped anyway.
    return max || HELLO_LIMIT_BYTES;
  }

  private send(channel: string, input: unknown): Promise<Result<unknown>> {
    const id = `${this.idPrefix}-${(++this.seq).toString(36)}`;
    if (this.lostReason) {
      return Promise.reject(
        new ConnectionLostError(
          { ...this.lostReason, message: `${this.lostReason.message} ${channel} was not sent.` },
          { id, channel, input, change: false },
        ),
      );
    }
    const origin = this.options.origin;
    if (origin && origin !== 'cli' && Object.hasOwn(contract, channel)) {
      const checked = inputSchema(channel as Channel, origin).safeParse(input ?? {});
      if (!checked.success) return Promise.resolve({ ok: false, error: zodIssuesToAppError(checked.error) });
    }
    const line = JSON.stringify({ id, channel, input: input ?? {} }) + '\n';
    const max = this.handshake.limits.maxRequestLineBytes;
    if (Buffer.byteLength(line) > max) {
      return Promise.resolve({
        ok: false,
        error: {
          code: 'protocol',
          message: `The ${channel} request is ${Buffer.byteLength(line)} bytes; the agent on ${this.label} accepts at most ${max}.`,
        },
      });
    }
    // A stream's long poll is allowed its wait on top: the deadline bounds how late the answer is.
    const ms = (this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS) + streamWaitMs(channel, input);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!this.pending.delete(id)) return;
        this.abandoned.set(id, channel);
        if (this.abandoned.size > MAX_ABANDONED) this.abandoned.delete(this.abandoned.keys().next().value!);
        const change = isChangeChannel(channel);
        resolve({
          ok: false,
          error: {
            code: 'remote-unreachable',
            message:
              `${this.label} did not answer ${channel} in time (${ms / 1000} s).` +
              (change
                ? ` It may still apply the change: check its journal (journal.list) before trying again.`
                : ''),
          },
        });
      }, ms);
      timer.unref?.();
      this.pending.set(id, { channel, input, resolve, reject, timer });
      this.streams.writable.write(line);
    });
  }

  private onLine(line: string): void {
    const dense = tooDense(line);
    if (dense) {
      this.lose({ code: 'protocol', message: `${this.label} sent ${dense}; the connection was closed.` });
      return;
    }
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch {
      this.lose({
        code: 'protocol',
        message: `${this.label} sent a line that is not JSON: ${line.slice(0, 200)}`,
      });
      return;
    }
    const env = ResponseEnvelopeSchema.safeParse(msg);
    if (!env.success || env.data.id === null) {
      // id null: the agent could not read one of our lines, which we never send; nothing to match.
      const why = env.success && !env.data.result.ok ? env.data.result.error.message : line.slice(0, 200);
      this.lose({ code: 'protocol', message: `${this.label} answered something we did not ask: ${why}` });
      return;
    }
    const { id, result } = env.data;
    const p = this.pending.get(id);
    if (!p) {
      this.abandoned.delete(id); // an answer to a request we gave up on
      return;
    }
    this.pending.delete(id);
    clearTimeout(p.timer);
    const r = result as Result<unknown>;
    p.resolve(this.options.validateOutput === false ? r : checkAnswer(this.label, p.channel, r));
  }

  /** Ends the connection: every pending request is rejected with the reason. */
  lose(reason: AppError): void {
    if (this.lostReason) return;
    this.lostReason = reason;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      const change = isChangeChannel(p.channel);
      const lost: LostRequest = { id, channel: p.channel, input: p.input, change };
      this.lostList.push(lost);
      const what = change
        ? ` ${p.channel} (request ${id}) was in flight: the node may or may not have applied it; reconnect to ask the node which (the app does this for you).`
        : ` ${p.channel} was in flight.`;
      p.reject(new ConnectionLostError({ ...reason, message: reason.message + what }, lost));
    }
    this.pending.clear();
    this.lostList.sort((a, b) => Number(b.change) - Number(a.change));
    this.streams.close();
    this.resolveClosed(reason);
  }

  /** Closes the agent's input (it finishes what it was asked, then exits) and the transport. */
  close(): void {
    if (this.lostReason) return;
    try {
      this.streams.writable.end();
    } catch {
      /* already gone */
    }
    this.lose({ code: 'connection-lost', message: `Connection to ${this.label} closed by this app.` });
  }
}
