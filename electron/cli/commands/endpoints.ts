import { endpointRows } from '../format';
import type { CliCommand } from './types';

export const endpoints: CliCommand = {
  name: 'endpoints',
  summary: 'List HNS endpoints with their network, IPs, proxy-policy count and containers.',
  usage: 'endpoints',
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const eps = await ctx.call('endpoints.list', {});
    return { data: eps, lines: eps.length ? endpointRows(eps) : ['No endpoints.'] };
  },
};
