import type { BulkResult } from '../../core/views';
import { safeText } from '../../core/safe-text';
import { changeLine, changeNotes } from '../format';
import type { CliCommand } from './types';

/** "127.0.0.1,15090,15021" → addresses and ports: items with a dot or colon are addresses. */
export function splitExceptions(
  raw: string | undefined,
): { ipAddresses: string[]; ports: string[] } | undefined {
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    ipAddresses: items.filter((s) => /[.:]/.test(s)),
    ports: items.filter((s) => !/[.:]/.test(s)),
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export const add: CliCommand = {
  name: 'add',
  summary: 'Add an L4WFPPROXY policy to one endpoint (or several: each gets its own outcome).',
  usage: 'add <endpoint>... (--port N | --inbound-port N | --outbound-port N) [options]',
  help: [
    "--port N                    proxy port for both directions (the seed CLI's flag)",
    '--inbound-port N            inbound proxy port',
    '--outbound-port N           outbound proxy port',
    '--usersid SID|system        traffic of this SID (prefix match) is not redirected; "system" = S-1-5-18',
    '--localaddr A[,B]           only redirect these local IPv4 addresses/prefixes',
    '--remoteaddr A[,B]          only redirect these remote IPv4 addresses/prefixes',
    '--localports P[,A-B]        only redirect these local ports/ranges',
    '--remoteports P[,A-B]       only redirect these remote ports/ranges',
    '--priority N                WFP filter weight, 0-65535',
    '--protocol TCP|6            the only protocol HNS supports',
    '--inbound-exceptions LIST   addresses and ports never redirected inbound, e.g. 127.0.0.1,15090',
    '--outbound-exceptions LIST  same, outbound',
  ],
  options: {
    port: { type: 'string' },
    'inbound-port': { type: 'string' },
    'outbound-port': { type: 'string' },
    usersid: { type: 'string' },
    localaddr: { type: 'string' },
    remoteaddr: { type: 'string' },
    localports: { type: 'string' },
    remoteports: { type: 'string' },
    priority: { type: 'string' },
    protocol: { type: 'string' },
    'inbound-exceptions': { type: 'string' },
    'outbound-exceptions': { type: 'string' },
  },
  positionals: { min: 1, max: 10_000 },
  async run(ctx, { positionals, values }) {
    // Loose input: the contract's ProxyPolicyInputSchema (validate.ts) does every check, so the
    // CLI, the GUI form and IPC give the same message for the same mistake.
    const policy: Record<string, unknown> = {};
    const set = (key: string, v: unknown) => {
      if (v !== undefined) policy[key] = v;
    };
    set('proxyPort', str(values.port));
    set('inboundProxyPort', str(values['inbound-port']));
    set('outboundProxyPort', str(values['outbound-port']));
    set('userSid', str(values.usersid));
    set('localAddresses', str(values.localaddr));
    set('remoteAddresses', str(values.remoteaddr));
    set('localPorts', str(values.localports));
    set('remotePorts', str(values.remoteports));
    set('priority', str(values.priority));
    set('protocol', str(values.protocol));
    set('inboundExceptions', splitExceptions(str(values['inbound-exceptions'])));
    set('outboundExceptions', splitExceptions(str(values['outbound-exceptions'])));
    if (positionals.length === 1) {
      const r = await ctx.call('policies.add', { endpointId: positionals[0] as string, policy });
      return { data: r, lines: [changeLine(r, 'Successfully added the policy')], notes: changeNotes(r) };
    }
    const bulk: BulkResult = await ctx.call('policies.applyToMany', { endpointIds: positionals, policy });
    const lines = bulk.outcomes.map((o) =>
      safeText(`${o.endpointId}  ${o.ok ? 'added' : `FAILED: ${o.error?.message ?? 'unknown error'}`}`),
    );
    const whatIf = bulk.outcomes.some((o) => o.result?.saved === false);
    lines.push(changeLine({ saved: !whatIf }, `${bulk.succeeded} added, ${bulk.failed} failed`));
    const notes = bulk.outcomes.flatMap((o) =>
      o.result ? changeNotes(o.result).map((n) => `${safeText(o.endpointId)}: ${n}`) : [],
    );
    return { data: bulk, lines, notes, ...(bulk.failed > 0 ? { exitCode: 1 } : {}) };
  },
};
