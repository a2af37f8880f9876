import { isNodeChannel } from '../../electron/ipc/channels';
import type { RendererApi } from '../../electron/ipc/contract';

type Methods = Record<string, Record<string, (input: unknown) => Promise<unknown>>>;

/**
 * The window's API with a node chosen: node-scoped channels (ipc/channels.ts) go to that node's own
 * agent through nodes.route (its validation, journal and undo); app-scoped ones (settings, templates,
 * app restart, snapshots, node management, fleet calls) always stay with this machine's main process.
 * A plain object, not a Proxy: the harness freezes window.hcnproxy, and a Proxy may not answer a
 * frozen property with another value.
 */
export function routeToNode(direct: RendererApi, currentNode: () => string): RendererApi {
  const out: Methods = {};
  for (const [g, methods] of Object.entries(direct as unknown as Methods)) {
    const wrapped: Methods[string] = {};
    for (const [m, fn] of Object.entries(methods)) {
      const channel = `${g}.${m}`;
      wrapped[m] = (input) => {
        const node = currentNode();
        return !isNodeChannel(channel) || node === 'local'
          ? fn(input)
          : direct.nodes.route({ node, channel, input: input ?? {} });
      };
    }
    out[g] = wrapped;
  }
  return out as unknown as RendererApi;
}
