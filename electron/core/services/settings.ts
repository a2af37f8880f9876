import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { SettingsSchema, type Settings } from '../views';

/** App settings: in memory, optionally persisted as JSON (written to a temp file, then renamed). */
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
        const parsed = SettingsSchema.partial().safeParse(JSON.parse(await readFile(this.file, 'utf8')));
        if (parsed.success) this.value = { ...this.value, ...parsed.data };
      } catch {
        // Missing or unreadable settings fall back to defaults; the next set() rewrites the file.
      }
    }
    return structuredClone(this.value);
  }

  async set(patch: Partial<Settings>): Promise<Settings> {
    const next = SettingsSchema.parse({ ...(await this.get()), ...patch });
    if (this.file) {
      await mkdir(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(next, null, 2));
      await rename(tmp, this.file);
    }
    this.value = next;
    return structuredClone(next);
  }
}
