import { endpointRows } from '../format';
import type { CliCommand } from './types';

export const endpoints: CliCommand = {
  name: 'endpoints',
  summary: 'List HNS endpoints with their network, IPs, proxy-policy count, pod and containers.',
  usage: 'endpoints [--pod TEXT]',
  help: [
    '--pod TEXT                only endpoints whose pod (namespace/name, from the CRI) contains TEXT;',
    '                          "shop/" keeps the pods of namespace shop',
  ],
  options: { pod: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    const all = await ctx.call('endpoints.list', {});
    const want = typeof values.pod === 'string' ? values.pod.toLowerCase() : undefined;
    const eps = want === undefined ? all : all.filter((e) => e.pod?.toLowerCase().includes(want));
    const none =
      want === undefined ? 'No endpoints.' : `No endpoint belongs to a pod matching "${values.pod}".`;
    return { data: eps, lines: eps.length ? endpointRows(eps) : [none] };
  },
};
