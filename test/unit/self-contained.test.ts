import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, repoFiles } from '../support/repo-files';

// Tests and scripts read only files inside the repository (fixtures live in test/fixtures/), so a
// clone anywhere, with no siblings, passes the same. This scans their source for the ways a file
// outside has been reached: a machine's own folders by absolute path, a shared folder beside the
// checkout, a path climbing above the repository root, or a read of a literal absolute path.
// System locations used as OS facts or as data (/dev/zero, /proc, /usr/sbin/sshd, C:\Windows\...)
// are not repository files but are not fixtures either, so only reads of them are looked at.

const CODE = /\.(ts|tsx|mts|cts|js|mjs|cjs|sh)$/;
const SELF = 'test/unit/self-contained.test.ts';

/** Folders where one machine keeps its own files; a literal path into them works only there. */
const MACHINE_ROOTS = /['"`](\/(work|home|Users|root|mnt|media|srv|opt|shared)\/)/;
/** The shared folder beside a checkout, reached relatively. */
// (Built from pieces, so this file does not itself read as a path to the shared folder.)
const SHARED = ['sha', 'red'].join('');
const SIBLING_SHARED = new RegExp(String.raw`\.\.[/\\]+${SHARED}\b|'\.\.',\s*'${SHARED}'`);
/** A file-reading call given a literal absolute path (devices and /proc are OS interfaces, not files). */
const READ_ABSOLUTE =
  /\b(readFileSync|readFile|createReadStream|copyFileSync|copyFile|existsSync|statSync|openSync|readdirSync|cpSync)\(\s*['"`](?!\/dev\/|\/proc['"`/])(\/|[A-Za-z]:\\)/;
/** `join(__dirname, '..', '..')`, `resolve(dirname(fileURLToPath(import.meta.url)), '../..')`, `new URL('../..', import.meta.url)`. */
const FROM_HERE = [
  /(?:__dirname|import\.meta\.dirname|fileURLToPath\(import\.meta\.url\)\))\s*,\s*((?:'\.\.'\s*,\s*)*'\.\.')/g,
  /(?:__dirname|import\.meta\.dirname|fileURLToPath\(import\.meta\.url\)\))\s*,\s*'((?:\.\.\/?)+)'/g,
  /new URL\(\s*'((?:\.\.\/?)+)[^']*',\s*import\.meta\.url/g,
  /\bfrom\s+'((?:\.\.\/)+)/g,
  /\bimport\(\s*'((?:\.\.\/)+)/g,
];

/** What in one file reaches outside the repository, as `line: reason` strings. */
function outsideReferences(path: string, text: string): string[] {
  // Folders between the root and this file: a relative path may climb that many levels, no more.
  const depth = path.split('/').length - 1;
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    const at = `${path}:${i + 1}`;
    if (line.includes('/work/')) found.push(`${at}: /work/`);
    else if (MACHINE_ROOTS.test(line))
      found.push(`${at}: a machine's own folder (${MACHINE_ROOTS.exec(line)?.[1]})`);
    if (SIBLING_SHARED.test(line)) found.push(`${at}: the shared folder beside the checkout`);
    if (READ_ABSOLUTE.test(line)) found.push(`${at}: reads a literal absolute path`);
    for (const re of FROM_HERE) {
      for (const m of line.matchAll(re)) {
        const ups = (m[1] ?? '').match(/\.\./g)?.length ?? 0;
        if (ups > depth) found.push(`${at}: climbs ${ups} levels from a folder ${depth} deep`);
      }
    }
  });
  return found;
}

describe('tests and scripts read nothing outside the repository', () => {
  it('finds each way out (the scan can fail)', () => {
    const bad = [
      `const S = '${'/wo'}rk/${SHARED}/samples/x.json';`,
      `const S = join(__dirname, '..', '..', '..', '${'sha'}red', 'x.json');`,
      `readFileSync('${'/ho'}me/me/x.json');`,
      `const t = readFileSync('/etc/hosts');`,
      `const t = readFileSync('C:\\\\data\\\\x.json');`,
      `const R = resolve(__dirname, '../../..');`,
      `const R = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');`,
      `import x from '../../../elsewhere/x';`,
      `const u = new URL('../../../x.json', import.meta.url);`,
    ];
    for (const line of bad) expect(outsideReferences('test/unit/x.test.ts', line), line).not.toEqual([]);
  });

  it('lets in-repo paths, OS interfaces and path data through', () => {
    const good = [
      `const ROOT = join(__dirname, '..', '..');`,
      `import { x } from '../../electron/x';`,
      `const p = join(__dirname, '../fixtures/snapshots/x.json');`,
      `await cli(['--state', '/dev/zero']);`,
      `readFileSync('/proc/self/stat');`,
      `readdirSync('/proc');`,
      `const SYS = 'C:\\\\Windows\\\\System32';`,
      `{ endpointId: '../../../Windows/System32/config/SAM' }`,
    ];
    for (const line of good) expect(outsideReferences('test/unit/x.test.ts', line), line).toEqual([]);
    expect(
      outsideReferences('test/bench/figures/ui.ts', `const ROOT = join(__dirname, '..', '..', '..');`),
    ).toEqual([]);
  });

  it('no file under test/ or scripts/ does', () => {
    const files = repoFiles(['test', 'scripts'], (f) => CODE.test(f) && f !== SELF);
    expect(files.length).toBeGreaterThan(100);
    const found = files.flatMap((f) => outsideReferences(f, readFileSync(join(REPO_ROOT, f), 'utf8')));
    expect(found).toEqual([]);
  });
});
