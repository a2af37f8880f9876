import { safeText } from '../../core/safe-text';
import type { CliCommand } from './types';

export const version: CliCommand = {
  name: 'version',
  summary: 'App version, backend, HNS version and whether L4WFPPROXY is supported.',
  usage: 'version',
  positionals: { min: 0, max: 0 },
  async run(ctx) {
    const i = await ctx.call('hns.info', {});
    const v = i.version
      ? `${i.version.major}.${i.version.minor}`
      : `unknown${i.versionError ? ` (${safeText(i.versionError)})` : ''}`;
    return {
      data: i,
      lines: [
        // From a node's agent or a --state file's name: data, never a line of our own.
        `hcnproxyctl ${safeText(i.appVersion)}`,
        `backend:     ${safeText(i.backendLabel)}`,
        `HNS version: ${v}`,
        `L4WFPPROXY:  ${i.l4WfpProxySupported ? 'supported' : 'not supported (needs HNS 13.2 or later)'}`,
      ],
    };
  },
};
