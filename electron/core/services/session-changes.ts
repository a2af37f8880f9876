import { Journal } from '../journal/journal';
import type { Settings } from '../views';
import type { Sessions } from './context';
import { hnsInfo } from './hns-info';
import { checkJournalPath } from './settings';

// The operations that replace a session rather than act inside one (snapshots: snapshot.ts).

/** The user confirmed changing the current node although its HNS version cannot be read. */
export function allowUnverifiedVersion(sessions: Sessions, by: string) {
  sessions.replace({
    ...sessions.current,
    writeGate: { ...sessions.current.writeGate, unverifiedVersion: { by } },
  });
  return hnsInfo(sessions.context());
}

/**
 * Saves settings; a new journal path replaces the live session's journal for the next change (earlier
 * entries stay where they were written). A snapshot open over the live session keeps its own journal.
 */
export async function setSettings(sessions: Sessions, patch: Partial<Settings>): Promise<Settings> {
  const live = sessions.live;
  const moves = patch.journalPath !== undefined && patch.journalPath !== live.journal.path;
  if (moves) await checkJournalPath(patch.journalPath as string);
  const next = await sessions.app.settings.set(patch);
  if (moves) {
    await live.journal.flush();
    sessions.replaceLive({ ...live, journal: new Journal(patch.journalPath as string) });
  }
  return next;
}
