import { dirname, join } from 'node:path';
import { buildHandshake, serveAgent } from '../../remote/agent-server';
import { RequestLedger } from '../../remote/request-ledger';
import { Journal } from '../../core/journal/journal';
import { UsageError } from '../errors';
import type { CliCommand } from './types';
import { safeText } from '../../core/safe-text';

// `serve --stdio`: this process becomes the agent a remote app talks to (SSH exec, Kubernetes exec).
// The agent protocol (docs/agent-protocol.md) owns stdout, so everything else goes to stderr.

export const serve: CliCommand = {
  name: 'serve',
  summary:
    'Be the agent of a remote app or CLI: the agent protocol on stdin/stdout (docs/agent-protocol.md).',
  usage: 'serve --stdio',
  help: [
    'Reads one JSON request per line on stdin and answers one per line on stdout, through the same',
    'router, validation, journal and read-back as local use. Ends when stdin ends, after finishing the',
    'requests already read (a change in flight is completed and recorded even if the client is gone).',
  ],
  options: { stdio: { type: 'boolean' } },
  positionals: { min: 0, max: 0 },
  async run(ctx, { values }) {
    if (!values.stdio)
      throw new UsageError('serve needs --stdio: the agent speaks its protocol on stdin and stdout.');
    const core = await ctx.core();
    // One line per message: ids and errors come from the peer: a peer cannot forge log lines.
    const log = (m: string) => process.stderr.write(`hcnproxyctl serve: ${safeText(m)}\n`);
    // Anything that would print to stdout would corrupt the protocol stream.
    console.log =
      console.info =
      console.warn =
      console.debug =
        (...a: unknown[]) => log(a.map(String).join(' '));
    // An SSH session that ends sends SIGHUP to some shells' children: finish the work instead of dying.
    const onHup = () => log('SIGHUP: finishing the requests in flight');
    process.on('SIGHUP', onHup);
    try {
      const server = serveAgent({
        route: core.route,
        input: process.stdin,
        output: process.stdout,
        handshake: await buildHandshake(core.route),
        ledger: new RequestLedger(join(dirname(core.ctx.journal.path), 'agent-requests')),
        // One client per agent process: from now on its journal entries name who it says asked,
        // beside the account this agent runs as (docs/agent-protocol.md, "Who may talk to an agent").
        onIdentify: (who) => {
          const live = core.sessions.live;
          if (live.journal instanceof Journal)
            core.sessions.replaceLive({
              ...live,
              journal: live.journal.forRequester({ ...who, claimed: true }),
            });
        },
        log,
      });
      const { requests } = await server.done;
      return { data: { requests }, lines: [] };
    } finally {
      process.off('SIGHUP', onHup);
    }
  },
};
