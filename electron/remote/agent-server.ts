import { hostname, release } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import pkg from '../../package.json';
import type { AppError, Result } from '../base/app-error';
import type { HnsInfo } from '../core/views';
import { zodIssuesToAppError, type Router } from '../ipc/router';
import { LineSplitter } from './line-splitter';
import {
  agentChannels,
  isAgentChannel,
  isChangeChannel,
  MAX_REQUEST_LINE_BYTES,
  PROTOCOL_VERSION,
  RequestEnvelopeSchema,
  RequestIdSchema,
  type ClientIdentity,
  type Handshake,
  type ResponseEnvelope,
} from './protocol';
import type { RequestLedger } from './request-ledger';

// The agent side of the protocol (docs/agent-protocol.md): reads request lines from `input`, hands
// each to the router (the same one the window and the local CLI use: validation, journal and
// read-back all happen there) and writes one response line per request to `output`. It trusts
// nothing: every line is parsed and checked here before anything runs, and no input can make it
// throw — a bad line gets an error response, never a crash.

export const DEFAULT_MAX_IN_FLIGHT = 64;

export interface AgentServerOptions {
  route: Router;
  input: Readable;
  output: Writable;
  handshake: Handshake;
  /** Where change ids are recorded; without one, agent.requestStatus answers with an error. */
  ledger?: RequestLedger;
  maxInFlight?: number;
  maxLineBytes?: number;
  /** Diagnostics for the operator (the serve command sends them to stderr, never stdout). */
  log?: (message: string) => void;
  /**
   * The client's agent.identify, once, before any later request of the connection runs (the serve
   * command records it in the journal as who asked). Left out, the claim is accepted and unused.
   */
  onIdentify?: (who: ClientIdentity) => void;
}

export interface AgentServer {
  /** Resolves when the input ended and every request read has been answered (or dropped). */
  done: Promise<{ requests: number }>;
}

/** Protocol-level failure (the envelope, not the operation): code "protocol". */
const protocolError = (message: string, field?: string): AppError => ({
  code: 'protocol',
  message,
  ...(field ? { field } : {}),
});

/** The first line: who this agent is and what the node's HNS can do. */
export async function buildHandshake(
  route: Router,
  limits: Handshake['limits'] = {
    maxRequestLineBytes: MAX_REQUEST_LINE_BYTES,
    maxInFlight: DEFAULT_MAX_IN_FLIGHT,
  },
): Promise<Handshake> {
  const r = await route('hns.info', {});
  const hns: Handshake['hns'] = r.ok ? { ok: true, info: r.value as HnsInfo } : { ok: false, error: r.error };
  return {
    protocol: PROTOCOL_VERSION,
    app: { name: pkg.name, version: pkg.version },
    hostname: hostname(),
    os: { platform: process.platform, release: release(), arch: process.arch },
    hns,
    elevated: hns.ok ? hns.info.elevated : false,
    limits,
    pid: process.pid,
  };
}

export function serveAgent(options: AgentServerOptions): AgentServer {
  const { route, input, output, ledger } = options;
  const maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
  const maxLineBytes = options.maxLineBytes ?? MAX_REQUEST_LINE_BYTES;
  const log = options.log ?? (() => undefined);
  let outputGone = false;
  let requests = 0;
  let lineNo = 0;
  const inFlight = new Set<Promise<void>>();
  const idsInFlight = new Set<string>();
  let paused = false;

  // A client that went away must not stop a change half-way: its write errors are swallowed and the
  // work in flight still completes (and is recorded in the ledger for the client's reconnect).
  output.on('error', (e) => {
    if (!outputGone) log(`output closed: ${e.message}`);
    outputGone = true;
  });
  const send = (msg: ResponseEnvelope | { hello: Handshake }) => {
    if (outputGone || output.destroyed || output.writableEnded) return;
    output.write(JSON.stringify(msg) + '\n');
  };
  const respond = (id: string | null, result: Result<unknown>) => send({ id, result });

  let identified = false;
  // Synchronous on purpose: the identity is in place before the next line is dispatched.
  const identify = (input: unknown): Result<unknown> => {
    const parsed = agentChannels['agent.identify'].input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: zodIssuesToAppError(parsed.error) };
    if (identified) return { ok: false, error: protocolError('The client has already said who it is.') };
    identified = true;
    options.onIdentify?.(parsed.data);
    return { ok: true, value: {} };
  };

  const runAgentChannel = async (channel: string, input: unknown): Promise<Result<unknown>> => {
    if (channel === 'agent.identify') return identify(input);
    if (channel !== 'agent.requestStatus' || !isAgentChannel(channel))
      return { ok: false, error: { code: 'unknown-channel', message: 'Unknown operation.' } };
    const parsed = agentChannels[channel].input.safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: zodIssuesToAppError(parsed.error) };
    if (!ledger)
      return {
        ok: false,
        error: protocolError('This agent keeps no request ledger (it was started without a journal).'),
      };
    return { ok: true, value: { statuses: await ledger.statuses(parsed.data.ids) } };
  };

  const runChange = async (id: string, channel: string, input: unknown): Promise<Result<unknown>> => {
    if (!ledger) return route(channel, input);
    const claim = await ledger.claim(id, channel);
    if (!claim.claimed && 'reusedFrom' in claim)
      return {
        ok: false,
        error: protocolError(
          `Request id ${id} was used for ${claim.reusedFrom} on this node; an id names one change, so this ${channel} was not run. Send it with a new id.`,
          'id',
        ),
      };
    if (!claim.claimed) {
      const s = claim.existing;
      if (s.state === 'done') return s.result; // a retry of a finished change: its outcome, not a second run
      const why =
        s.state === 'not-received'
          ? 'a status query after a lost connection fenced it, so it was not run'
          : s.state === 'running'
            ? `agent process ${s.pid} on this node is running it`
            : 'an agent started it and stopped before recording the outcome';
      return {
        ok: false,
        error: { code: 'request-cancelled', message: `Request ${id} was not run: ${why}.` },
      };
    }
    const result = await route(channel, input);
    try {
      await ledger.finish(id, channel, result);
    } catch (e) {
      log(`could not record the outcome of ${id}: ${(e as Error).message}`);
    }
    return result;
  };

  const handle = async (line: string): Promise<void> => {
    const n = ++lineNo;
    let msg: unknown;
    try {
      msg = JSON.parse(line);
    } catch (e) {
      respond(null, { ok: false, error: protocolError(`Line ${n} is not JSON: ${(e as Error).message}`) });
      return;
    }
    const env = RequestEnvelopeSchema.safeParse(msg);
    if (!env.success) {
      // Answer with the id when the id itself is fine, so the sender can match the error.
      const rawId = (msg as { id?: unknown } | null)?.id;
      const id = RequestIdSchema.safeParse(rawId).success ? (rawId as string) : null;
      const issue = zodIssuesToAppError(env.error);
      respond(id, {
        ok: false,
        error: protocolError(
          `Line ${n} is not a request {id, channel, input}: ${issue.message}`,
          issue.field,
        ),
      });
      return;
    }
    const { id, channel, input } = env.data;
    if (idsInFlight.has(id)) {
      respond(id, { ok: false, error: protocolError(`Request id ${id} is already in flight.`, 'id') });
      return;
    }
    idsInFlight.add(id);
    // Work the client asked for; its agent.identify is the connection's own business.
    if (channel !== 'agent.identify') requests++;
    try {
      const result = isAgentChannel(channel)
        ? await runAgentChannel(channel, input)
        : isChangeChannel(channel)
          ? await runChange(id, channel, input)
          : await route(channel, input);
      respond(id, result);
    } catch (e) {
      // The router never throws; the ledger can (disk full): still an answer, never a crash.
      respond(id, { ok: false, error: { code: 'internal', message: (e as Error).message } });
    } finally {
      idsInFlight.delete(id);
    }
  };

  const track = (line: string) => {
    const p = handle(line).finally(() => {
      inFlight.delete(p);
      if (paused && inFlight.size < maxInFlight) {
        paused = false;
        input.resume();
      }
    });
    inFlight.add(p);
    if (inFlight.size >= maxInFlight && !paused) {
      paused = true;
      input.pause();
    }
  };

  const splitter = new LineSplitter(maxLineBytes, track, () => {
    respond(null, {
      ok: false,
      error: protocolError(`A request line is longer than ${maxLineBytes} bytes; it was discarded.`),
    });
  });

  send({ hello: options.handshake });
  // A refused ledger folder (a planted link, someone else's folder) is said here, and again by every
  // change that needs the ledger: nothing is run without it.
  ledger?.prune().catch((e: unknown) => log(`request ledger: ${(e as Error).message}`));

  const done = new Promise<{ requests: number }>((resolve) => {
    let ended = false;
    const finish = async () => {
      if (ended) return;
      ended = true;
      splitter.end();
      while (inFlight.size) await Promise.allSettled([...inFlight]);
      resolve({ requests });
    };
    input.on('data', (chunk: Buffer | string) =>
      splitter.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk),
    );
    input.on('end', () => void finish());
    input.on('close', () => void finish());
    input.on('error', (e) => {
      log(`input error: ${e.message}`);
      void finish();
    });
  });
  return { done };
}
