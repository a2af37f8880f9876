import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this file (never from the working directory or from git). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

const SKIP = new Set(['node_modules', 'build', 'out', 'dist', '.git']);

/**
 * Files under the given top-level folders of the repository, as sorted '/'-separated paths relative
 * to its root. A plain directory walk, so a copy of the tree without .git works the same; generated
 * folders (node_modules, build, out, dist) are left out.
 */
export function repoFiles(folders: string[], test: (path: string) => boolean = () => true): string[] {
  const found: string[] = [];
  const walk = (rel: string): void => {
    for (const e of readdirSync(join(REPO_ROOT, rel), { withFileTypes: true })) {
      const child = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) walk(child);
      } else if (e.isFile() && test(child)) found.push(child);
    }
  };
  for (const f of folders) walk(f);
  return found.sort();
}
