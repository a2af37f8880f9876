import { describe, expect, it } from 'vitest';
import { buildApi, CHANNELS, channelMeta } from '../../electron/ipc/channels';
import { routeToNode } from '../../renderer/src/node-routing';

// With a remote node chosen, what belongs to the app stays local; what belongs to a node goes to it.

function recorder() {
  const calls: Array<{ channel: string; input: unknown }> = [];
  const api = buildApi(async (channel, input) => {
    calls.push({ channel, input });
    return { ok: true, value: null };
  });
  return { api, calls };
}

describe('the window routes by each channel’s declared scope', () => {
  it('keeps settings, templates, app restart and snapshot open/close local while a remote node is chosen', async () => {
    const { api, calls } = recorder();
    const routed = routeToNode(api, () => 'ssh://admin@node7');
    await routed.settings.set({ templates: [] });
    await routed.settings.get({});
    await routed.app.restartElevated({});
    await routed.snapshot.open({ fileName: 'n.json', contentBase64: '' });
    await routed.snapshot.close({});
    await routed.nodes.list({});
    await routed.fleet.endpoints({});
    expect(calls.map((c) => c.channel)).toEqual([
      'settings.set',
      'settings.get',
      'app.restartElevated',
      'snapshot.open',
      'snapshot.close',
      'nodes.list',
      'fleet.endpoints',
    ]);
  });

  it('sends every node-scoped channel through nodes.route to the chosen node, and nothing else', async () => {
    const { api, calls } = recorder();
    const routed = routeToNode(api, () => 'ssh://admin@node7') as unknown as Record<
      string,
      Record<string, (i: unknown) => Promise<unknown>>
    >;
    for (const c of CHANNELS) {
      const [g, m] = c.split('.') as [string, string];
      await routed[g]![m]!({ probe: c });
    }
    // (nodes.route called directly is itself app-scoped: it arrives as is, with the probe as input.)
    const routedThrough = calls
      .filter((c) => c.channel === 'nodes.route' && (c.input as { node?: string }).node)
      .map((c) => c.input);
    const nodeChannels = CHANNELS.filter((c) => channelMeta(c).scope === 'node');
    expect(routedThrough).toEqual(
      nodeChannels.map((c) => ({ node: 'ssh://admin@node7', channel: c, input: { probe: c } })),
    );
    expect(nodeChannels).toEqual(expect.arrayContaining(['policies.add', 'endpoints.list', 'journal.list']));
  });

  it('sends everything straight to main when the local node is chosen', async () => {
    const { api, calls } = recorder();
    await routeToNode(api, () => 'local').policies.clear({ endpointId: 'x' });
    expect(calls.map((c) => c.channel)).toEqual(['policies.clear']);
  });
});
