import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { createAppCore, type AppCore } from '../../electron/ipc/app-core';
import { createChurn, type Churn } from './churn';
import { fleetHost } from '../../electron/remote/fleet-handlers';
import { DEV_BACKENDS } from '../support/dev-backends';
import { CHANNELS } from '../../electron/ipc/contract';
import { MIME } from '../../electron/main/app-protocol';
import { RENDERER_CSP } from '../../electron/main/csp';
import { SimulatedHns } from '../../native/simulated-hns';
import { withFaults, type FaultyHns, type HarnessFaults } from './faults';
import { simulatedFleet, simulatedSsh, type SimulatedFleetOptions } from './fleet';
import { generateState } from './generate';

// The browser harness (docs/design.md §7): the built renderer plus the real router, over HTTP on 127.0.0.1.
// It can change (simulated) state, so any web page the user visits is an attacker: loopback only,
// Host and Origin must be our own, and every API call carries a per-run random token.

export interface HarnessOptions {
  port?: number;
  stateFile?: string;
  backend?: 'simulated' | 'fake';
  rendererDir?: string;
  maxBodyBytes?: number;
  /** Replace the demo data with N generated endpoints (e2e at scale, ui.* benchmarks). */
  generate?: number;
  /**
   * Where the journal and settings live. Default: a fresh temp dir per run, so simulated changes
   * never land in the real audit journal and every test starts clean.
   */
  dataDir?: string;
  /** Test-only: enables POST /__harness/faults (token-protected) to inject HNS failures. */
  faultInjection?: boolean;
  /** Pretend the app runs without administrator rights (the read-only banner). */
  elevated?: boolean;
  /** `--fleet N`: N simulated nodes behind the agent protocol over in-process pipes (./fleet.ts). */
  fleet?: number;
  /** Endpoints per simulated node (default 40). */
  fleetEndpoints?: number;
  /** Simulated nodes that refuse connections until setNodeReachable (the switcher's unreachable + Retry). */
  fleetUnreachable?: string[];
  /** Plant diagnostics findings on some simulated nodes (./fleet.ts nodeState). */
  fleetFindings?: boolean;
  /** HNS failures injected on simulated nodes, by node id (./fleet.ts). */
  fleetFaults?: SimulatedFleetOptions['faults'];
  /** `--churn N`: a simulated mesh CNI enrols and removes pods N times a minute (./churn.ts). */
  churnPerMinute?: number;
}

export interface Harness {
  url: string;
  /** The URL with the token, as printed and opened in the browser. */
  openUrl: string;
  token: string;
  port: number;
  core: AppCore;
  /** Set HNS faults (needs faultInjection: true). */
  setFaults(f: HarnessFaults): void;
  /** Switch a simulated fleet node on or off (its next connection attempt succeeds or fails). */
  setNodeReachable(id: string, reachable: boolean): void;
  /** The simulated mesh CNI (--churn): step() for tests, started by churnPerMinute. */
  churn: Churn;
  close(): Promise<void>;
}

export function shimSource(): string {
  return `(() => {
  const m = /[#&]token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (m) { sessionStorage.setItem('hcnproxy-token', m[1]); history.replaceState(null, '', location.pathname); }
  const token = sessionStorage.getItem('hcnproxy-token') || '';
  const api = {};
  for (const c of ${JSON.stringify(CHANNELS)}) {
    const i = c.indexOf('.'); const g = c.slice(0, i); const name = c.slice(i + 1);
    (api[g] = api[g] || {})[name] = async (input) => {
      const r = await fetch('/api/' + c, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hcnproxy-token': token }, body: JSON.stringify(input === undefined ? {} : input) });
      if (r.status !== 200) return { ok: false, error: { code: 'transport', message: 'Harness refused the call (HTTP ' + r.status + ').' } };
      return r.json();
    };
  }
  window.hcnproxy = Object.freeze(api);
})();`;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
): void {
  res.writeHead(status, {
    'content-type': type,
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  res.end(body);
}

function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string' || given.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(token));
}

async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const backend = options.backend ?? 'simulated';
  if ((backend as string) === 'windows') throw new Error('The harness never drives the real Windows HNS.');
  const rendererDir = resolve(options.rendererDir ?? join(__dirname, '..', '..', 'out', 'renderer'));
  let faulty: FaultyHns | undefined;
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'hcnproxy-harness-')));
  // Never a real remote node: simulated nodes, and SSH targets that are simulated too.
  const sim = simulatedFleet({
    count: options.fleet ?? 0,
    dataDir,
    ...(options.fleetEndpoints !== undefined ? { endpointsPerNode: options.fleetEndpoints } : {}),
    ...(options.fleetUnreachable ? { unreachable: options.fleetUnreachable } : {}),
    ...(options.fleetFindings ? { findings: true } : {}),
    ...(options.fleetFaults ? { faults: options.fleetFaults } : {}),
  });
  const ssh = simulatedSsh(dataDir);
  const core = await createAppCore({
    journalPath: join(dataDir, 'journal.jsonl'),
    settingsPath: join(dataDir, 'settings.json'),
    backend,
    // The fake backend (koffi + the test C library) is registered here, never in the shipped app.
    extraBackends: DEV_BACKENDS,
    stateFile: options.stateFile,
    validateOutput: true,
    // The window's rules, exactly as Electron main applies them (contract windowInput).
    origin: 'harness',
    elevated: options.elevated ?? true,
    hostHandlers: fleetHost({ nodes: sim.specs, localLabel: 'This machine (harness)', ...ssh }),
    wrapHns: (created) => {
      const base =
        options.generate === undefined
          ? created
          : new SimulatedHns(generateState(options.generate), {
              description: `Simulated HNS (${options.generate} generated endpoints)`,
            });
      if (!options.faultInjection) return base;
      faulty = withFaults(base);
      return faulty;
    },
  });
  const token = randomBytes(24).toString('base64url');
  const maxBody = options.maxBodyBytes ?? 100 * 1024 * 1024;
  let port = 0;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // DNS rebinding: a foreign name resolving to 127.0.0.1 still carries its own Host header.
    if (!allowedHosts().has(req.headers.host ?? '')) return send(res, 421, 'Wrong host');
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().has(origin.replace(/^http:\/\//, '')))
      return send(res, 403, 'Foreign origin');
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);

    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'POST only');
      if (!tokenMatches(req.headers['x-hcnproxy-token'], token))
        return send(res, 401, 'Missing or wrong token');
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return send(res, 415, 'JSON only');
      const body = await readBody(req, maxBody);
      if (body === null) return send(res, 413, 'Too large');
      let input: unknown;
      try {
        input = body === '' ? {} : JSON.parse(body);
      } catch {
        return send(
          res,
          200,
          JSON.stringify({ ok: false, error: { code: 'bad-json', message: 'Request body is not JSON.' } }),
          'application/json',
        );
      }
      const result = await core.route(decodeURIComponent(url.pathname.slice(5)), input);
      return send(res, 200, JSON.stringify(result), 'application/json');
    }

    if (url.pathname === '/__harness/faults') {
      // Off unless the test asked for it; same token rule as the API.
      if (!faulty) return send(res, 404, 'Not found');
      if (req.method !== 'POST') return send(res, 405, 'POST only');
      if (!tokenMatches(req.headers['x-hcnproxy-token'], token))
        return send(res, 401, 'Missing or wrong token');
      const body = await readBody(req, 64 * 1024);
      try {
        faulty.setHarnessFaults(JSON.parse(body ?? '{}') as HarnessFaults);
      } catch (e) {
        return send(res, 400, e instanceof Error ? e.message : 'Bad faults');
      }
      return send(res, 204, '');
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'GET only');
    if (url.pathname === '/__harness/shim.js') return send(res, 200, shimSource(), MIME['.js']);
    const rel = normalize(decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)).replace(
      /^([/\\])+/,
      '',
    );
    const file = join(rendererDir, rel);
    if (!file.startsWith(rendererDir + sep)) return send(res, 403, 'Forbidden');
    try {
      let body: Buffer | string = await readFile(file);
      if (rel === 'index.html') {
        body = body
          .toString('utf8')
          .replace('<head>', '<head>\n    <script src="/__harness/shim.js"></script>');
      }
      return send(res, 200, body, MIME[extname(file)] ?? 'application/octet-stream');
    } catch {
      return send(res, 404, 'Not found');
    }
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e) => send(res, 500, String(e instanceof Error ? e.message : e)));
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  // Someone else's changes, straight to the simulated HNS: the watch shows them as external.
  const churn = createChurn(core.ctx.hns);
  if (options.churnPerMinute) churn.start(options.churnPerMinute);
  return {
    url,
    openUrl: `${url}#token=${token}`,
    token,
    port,
    core,
    setFaults: (f) => {
      if (!faulty) throw new Error('Start the harness with faultInjection: true.');
      faulty.setHarnessFaults(f);
    },
    setNodeReachable: (id, reachable) => sim.setReachable(id, reachable),
    churn,
    close: async () => {
      churn.stop();
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
      await core.close();
      await sim.close();
      await ssh.close();
    },
  };
}
