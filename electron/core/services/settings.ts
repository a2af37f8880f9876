import { mkdir, stat } from 'node:fs/promises';
import { dirname, extname, isAbsolute } from 'node:path';
import { AppFailure } from '../../base/app-error';
import { writeFileAtomic } from '../../base/fs/atomic-write';
import { READ_LIMITS, readLimited } from '../../base/fs/read-limited';
import { validationError } from './errors';
import { JournalEntrySchema, SettingsSchema, type Settings } from '../views';

/** App settings: in memory, optionally persisted as JSON (replaced atomically: ../fs/atomic-write). */
export class SettingsStore {
  private value: Settings;
  private loaded = false;

  constructor(
    defaults: Settings,
    private readonly file?: string,
  ) {
    this.value = defaults;
  }

  async get(): Promise<Settings> {
    if (!this.loaded && this.file) {
      this.loaded = true;
      try {
        const bytes = await readLimited(this.file, { what: 'settings', maxBytes: READ_LIMITS.settings });
        const parsed = SettingsSchema.partial().safeParse(JSON.parse(bytes.toString('utf8')));
        if (parsed.success) this.value = { ...this.value, ...parsed.data };
      } catch (e) {
        // A device, FIFO or oversized file is refused with its own message (base/fs/read-limited.ts).
        if (e instanceof AppFailure) throw e;
        // Missing or unreadable settings fall back to defaults; the next set() rewrites the file.
      }
    }
    return structuredClone(this.value);
  }

  private chain: Promise<unknown> = Promise.resolve();

  /**
   * One write at a time, in call order: concurrent sets shared the temp file (a torn, invalid
   * settings.json, and the other renames failing with ENOENT) and each could drop the others' patch.
   */
  set(patch: Partial<Settings>): Promise<Settings> {
    const run = () => this.write(patch);
    const p = this.chain.then(run, run);
    this.chain = p.catch(() => undefined);
    return p;
  }

  private async write(patch: Partial<Settings>): Promise<Settings> {
    // A key sent as undefined means "not set", not "erase": JSON-less callers (the fuzz test) do this.
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    const next = SettingsSchema.parse({ ...(await this.get()), ...defined });
    if (this.file) {
      await mkdir(dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, JSON.stringify(next, null, 2));
    }
    this.value = next;
    return structuredClone(next);
  }
}

/**
 * The journal path comes from the renderer, and the main process is elevated: a compromised
 * renderer must not be able to make it append to an arbitrary file. So: absolute, *.jsonl, in an
 * existing folder, and either a new/empty file or one whose first line is a journal entry.
 */
export async function checkJournalPath(path: string): Promise<void> {
  const fail = (message: string) =>
    new AppFailure(validationError([{ field: 'journalPath', code: 'journal.path', message }]));
  if (!isAbsolute(path)) throw fail('Must be an absolute path.');
  if (extname(path).toLowerCase() !== '.jsonl')
    throw fail('Must name a .jsonl file (the journal is JSON lines).');
  try {
    if (!(await stat(dirname(path))).isDirectory()) throw new Error('not a folder');
  } catch {
    throw fail(`The folder ${dirname(path)} does not exist.`);
  }
  let head: string;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw fail('Exists and is not a file.');
    const bytes = await readLimited(path, { what: 'journal', maxBytes: 64 * 1024, head: true });
    head = bytes.toString('utf8').split('\n', 1)[0] ?? '';
  } catch (e) {
    if (e instanceof AppFailure) throw e.error.code === 'validation' ? e : fail(e.message);
    return; // does not exist yet: fine, the first change creates it
  }
  if (head.trim() === '') return;
  try {
    if (JournalEntrySchema.safeParse(JSON.parse(head)).success) return;
  } catch {
    // fall through
  }
  throw fail(
    'The file exists and is not an HCN Proxy Control journal; choose a new file or an existing journal.',
  );
}
