import type { RendererApi } from './contract';

// The channel names, without their schemas: what the preload needs to expose one function per
// channel. Kept free of zod and of the contract's values (type imports only), so the sandboxed
// preload bundle carries these names and nothing else. contract.ts is typed against this list
// (`satisfies`: a channel added to one and not the other does not compile) and
// test/unit/main-preload.test.ts checks the two agree at run time.

const NAMES = [
  'endpoints.list',
  'endpoints.get',
  'policies.add',
  'policies.remove',
  'policies.clear',
  'policies.restore',
  'policies.applyToMany',
  'containers.lookup',
  'diagnostics.endpoint',
  'diagnostics.all',
  'diagnostics.events',
  'flows.explain',
  'hns.info',
  'hns.allowUnverifiedVersion',
  'journal.list',
  'snapshot.export',
  'snapshot.open',
  'snapshot.close',
  'settings.get',
  'settings.set',
  'app.restartElevated',
  // The GUI's nodes (electron/remote/fleet.ts): switcher, per-node routing, fleet-wide calls.
  'nodes.list',
  'nodes.add',
  'nodes.connect',
  'nodes.pinHostKey',
  'nodes.route',
  'fleet.endpoints',
  'fleet.diagnose',
  'fleet.apply',
] as const;

export type ChannelName = (typeof NAMES)[number];
/** In contract order (the router, the preload and the harness iterate it). */
export const CHANNELS: ChannelName[] = [...NAMES];

export const IPC_PREFIX = 'hcnproxy:';

export function splitChannel(c: ChannelName): [string, string] {
  const i = c.indexOf('.');
  return [c.slice(0, i), c.slice(i + 1)];
}

/** Builds a RendererApi from any transport (ipcRenderer.invoke in preload, fetch in the harness). */
export function buildApi(invoke: (channel: ChannelName, input: unknown) => Promise<unknown>): RendererApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const c of CHANNELS) {
    const [g, m] = splitChannel(c);
    (api[g] ??= {})[m] = (input: unknown) => invoke(c, input ?? {});
  }
  return api as unknown as RendererApi;
}
