import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, repoFiles } from '../support/repo-files';

const IMPORTS_KOFFI = /(from|import\(|require\()\s*['"]koffi['"]/;

describe('koffi is configured before any library load', () => {
  it('no module but native/windows/koffi-types.ts imports koffi (its async pools are set there, once)', () => {
    const files = repoFiles(['electron', 'native', 'scripts', 'bin']).filter((f) =>
      IMPORTS_KOFFI.test(readFileSync(join(REPO_ROOT, f), 'utf8')),
    );
    expect(files).toEqual(['native/windows/koffi-types.ts']);
  });
});
