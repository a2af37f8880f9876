import { homedir } from 'node:os';
import { join } from 'node:path';

export const JOURNAL_FILE = 'journal.jsonl';

/**
 * Where the app keeps its data when nobody says otherwise. Electron main passes its own folder
 * (%ProgramData%\HCN Proxy Control, shared by every admin on the node, so the audit trail is one);
 * the CLI and the harness use this. HCNPROXY_DATA_DIR overrides it (CI, portable use).
 */
export function defaultDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: string = process.platform,
): string {
  if (env.HCNPROXY_DATA_DIR) return env.HCNPROXY_DATA_DIR;
  if (platform === 'win32') return join(env.ProgramData ?? 'C:\\ProgramData', 'HCN Proxy Control');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'HCN Proxy Control');
  return join(env.XDG_STATE_HOME ?? join(homedir(), '.local', 'state'), 'hcn-proxy-control');
}

/**
 * The app's own journal location, the one the journal-path check lets through unseen because the app
 * makes its folder: the platform's data folder, whatever HCNPROXY_JOURNAL says. Undefined when
 * HCNPROXY_DATA_DIR names the folder: a folder named from outside is checked like --journal (an
 * existing non-journal file there is refused, not appended to).
 */
export function appJournalPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: string = process.platform,
): string | undefined {
  return env.HCNPROXY_DATA_DIR ? undefined : join(defaultDataDir(env, platform), JOURNAL_FILE);
}

export function defaultJournalPath(
  env: NodeJS.ProcessEnv = process.env,
  platform: string = process.platform,
): string {
  return env.HCNPROXY_JOURNAL ?? join(defaultDataDir(env, platform), JOURNAL_FILE);
}
