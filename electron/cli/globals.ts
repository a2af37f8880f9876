import { existsSync } from 'node:fs';
import { knownBackends, unknownBackendMessage } from '../../native/backend';
import { parseHnsVersion } from '../../native/snapshot/parse';
import type { GlobalOptions, OptionSpec } from './commands/types';
import { UsageError } from './errors';
import { REMOTE_GLOBAL_OPTIONS } from './remote-options';
import type { CliOptions } from './run';

// The options every command takes, and how argv splits into the command and the rest.

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  backend: { type: 'string' },
  state: { type: 'string' },
  persist: { type: 'boolean' },
  json: { type: 'boolean' },
  journal: { type: 'string' },
  'hns-version': { type: 'string' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  ...REMOTE_GLOBAL_OPTIONS,
};
const TAKES_VALUE = new Set(
  Object.entries(GLOBAL_OPTIONS)
    .filter(([, o]) => o.type === 'string')
    .map(([k]) => `--${k}`),
);

/** The command is the first token that is neither an option nor a global option's value. */
export function splitCommand(argv: string[]): { name?: string; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    if (TAKES_VALUE.has(a)) {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return { name: a, rest: [...argv.slice(0, i), ...argv.slice(i + 1)] };
  }
  return { rest: argv };
}

export function parseGlobals(values: Record<string, unknown>, options: CliOptions): GlobalOptions {
  const backend = typeof values.backend === 'string' ? values.backend : undefined;
  const known = knownBackends(options.extraBackends);
  if (backend !== undefined && !known.includes(backend))
    throw new UsageError(`--backend: ${unknownBackendMessage(backend, options.extraBackends)}`);
  const env = process.env.HCNPROXY_BACKEND;
  if (backend === undefined && env && !known.includes(env))
    throw new UsageError(`HCNPROXY_BACKEND: ${unknownBackendMessage(env, options.extraBackends)}`);
  const state = typeof values.state === 'string' ? values.state : undefined;
  if (state !== undefined && !existsSync(state)) throw new UsageError(`--state: cannot find ${state}.`);
  if (values.persist === true && !state)
    throw new UsageError('--persist needs --state FILE: it writes changes back to that file.');
  const g: GlobalOptions = { persist: values.persist === true, json: values.json === true };
  if (backend) g.backend = backend;
  if (state) g.state = state;
  if (typeof values.journal === 'string') g.journal = values.journal;
  if (values.force === true) g.force = true;
  if (typeof values['hns-version'] === 'string') {
    // A live node's version is read from HNS; the override is for snapshots, whose files often lack it.
    if (!state)
      throw new UsageError('--hns-version needs --state FILE: it sets the version a snapshot is treated as.');
    const v = parseHnsVersion(values['hns-version']);
    if (typeof v === 'string') throw new UsageError(`--hns-version: ${v}.`);
    g.hnsVersion = v;
  }
  return g;
}
