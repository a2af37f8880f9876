import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliOptions } from '../../electron/cli/run';
import { DEV_BACKENDS } from './dev-backends';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs hcnproxyctl in-process as `npm run cli` does (the fake backend registered); every run gets
 * --journal in the given (temp) dir unless one is passed.
 */
export async function cli(args: string[], journalDir: string, options: CliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const withJournal = args.includes('--journal')
    ? args
    : [...args, '--journal', join(journalDir, 'journal.jsonl')];
  const code = await runCli(
    withJournal,
    { stdout: (t) => (stdout += t + '\n'), stderr: (t) => (stderr += t + '\n') },
    { extraBackends: DEV_BACKENDS, ...options },
  );
  return { code, stdout, stderr };
}

export const tempDir = (prefix = 'hcnproxy-cli-') => mkdtempSync(join(tmpdir(), prefix));
