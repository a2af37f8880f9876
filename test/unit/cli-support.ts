import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../electron/cli/run';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs hcnproxyctl in-process; every run gets --journal in the given (temp) dir unless one is passed. */
export async function cli(args: string[], journalDir: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const withJournal = args.includes('--journal')
    ? args
    : [...args, '--journal', join(journalDir, 'journal.jsonl')];
  const code = await runCli(withJournal, {
    stdout: (t) => (stdout += t + '\n'),
    stderr: (t) => (stderr += t + '\n'),
  });
  return { code, stdout, stderr };
}

export const tempDir = (prefix = 'hcnproxy-cli-') => mkdtempSync(join(tmpdir(), prefix));
