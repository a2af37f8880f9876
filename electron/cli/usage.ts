import { knownBackends } from '../../native/backend';
import { COMMANDS } from './commands';
import type { CliCommand } from './commands/types';
import { REMOTE_USAGE } from './remote-options';
import type { CliOptions } from './run';

export function usage(options: CliOptions = {}): string[] {
  const backends = knownBackends(options.extraBackends).join('|');
  return [
    'Usage: hcnproxyctl <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.flatMap((c) => [`  ${c.usage}`, `      ${c.summary}`]),
    '',
    'Global options:',
    `  --backend ${backends}`,
    '                     HNS backend (default: windows on Windows, simulated elsewhere; env HCNPROXY_BACKEND)',
    '  --state FILE       seed the simulator from a snapshot',
    '  --hns-version M.N  with --state: the HNS version the snapshot is treated as',
    '  --force            change a node whose HNS version cannot be read (journalled)',
    '  --persist          write changes back to --state FILE (app snapshot format)',
    '  --journal PATH     audit journal (default: the app data folder; env HCNPROXY_JOURNAL)',
    '  --json             machine-readable output on stdout',
    ...REMOTE_USAGE,
    '',
    'Exit codes: 0 done, 1 the operation failed, 2 bad usage or input. Messages go to stderr.',
  ];
}

export function commandUsage(c: CliCommand): string[] {
  const help = c.help ?? [];
  return [
    `Usage: hcnproxyctl ${c.usage}`,
    '',
    c.summary,
    ...(help.length ? ['', ...help.map((l) => `  ${l}`)] : []),
  ];
}
