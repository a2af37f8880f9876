import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliOptions } from '../../electron/cli/run';
import { DEV_BACKENDS } from './dev-backends';

export interface CliRun {
  code: number;
  /** What the command printed, each write as one line. */
  stdout: string;
  stderr: string;
}

/** Runs hcnproxyctl in-process with exactly these arguments and options, capturing both streams. */
export async function captureCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(
    args,
    { stdout: (t) => (stdout += t + '\n'), stderr: (t) => (stderr += t + '\n') },
    options,
  );
  return { code, stdout, stderr };
}

/**
 * Runs hcnproxyctl in-process as `npm run cli` does (the fake backend registered); every run gets
 * --journal in the given (temp) dir unless one is passed.
 */
export function cli(args: string[], journalDir: string, options: CliOptions = {}): Promise<CliRun> {
  const withJournal = args.includes('--journal')
    ? args
    : [...args, '--journal', join(journalDir, 'journal.jsonl')];
  return captureCli(withJournal, { extraBackends: DEV_BACKENDS, ...options });
}

export const tempDir = (prefix = 'hcnproxy-cli-') => mkdtempSync(join(tmpdir(), prefix));
