import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEDGER_FILE } from '../../electron/remote/request-ledger';

/**
 * Whether an agent has claimed a change: its request ledger (electron/remote/request-ledger.ts) holds a
 * "started" record per change it ran. Tests wait on this to act while a change is certainly running on
 * the node.
 */
export function ledgerHasClaim(ledgerDir: string): boolean {
  const file = join(ledgerDir, LEDGER_FILE);
  return existsSync(file) && readFileSync(file, 'utf8').includes('"state":"started"');
}
