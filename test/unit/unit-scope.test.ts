import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, repoFiles } from '../support/repo-files';

// test/unit holds tests that stay inside the test process; whatever starts a process, listens on a
// socket or drives sshd, Wine or a browser belongs in test/integration (docs/architecture.md, "Tests").
// Building the fake C library (test/support/fake-lib.ts) is the one allowed child process: the library
// is then loaded in-process.

const STARTS_SOMETHING = [
  /^(node:)?(child_process|net|http|https|http2|tls|dgram)$/,
  /\/support\/(spawn|sshd|fake-kube-apiserver|container-servers)(\.ts)?$/,
  /\/harness\/server(\.ts)?$/,
  /\/wine\//,
];

/** Module specifiers a file imports for values (type-only imports start nothing). */
function valueImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*import\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm))
    found.push(m[1] as string);
  for (const m of text.matchAll(/\b(?:import|require)\(\s*['"]([^'"]+)['"]\s*\)/g))
    found.push(m[1] as string);
  return found;
}

function startsSomething(text: string): string[] {
  return valueImports(text).filter((s) => STARTS_SOMETHING.some((re) => re.test(s)));
}

describe('test/unit starts nothing outside the test process', () => {
  it('finds a value import of what starts something, not type-only imports (the check can fail)', () => {
    expect(startsSomething(`import { spawnSync } from 'node:child_process';`)).toEqual([
      'node:child_process',
    ]);
    expect(startsSomething(`import { createServer, type Server } from 'node:net';`)).toEqual(['node:net']);
    expect(startsSomething(`import { request } from 'http';`)).toEqual(['http']);
    expect(startsSomething(`import { startSshd } from '../support/sshd';`)).toEqual(['../support/sshd']);
    expect(startsSomething(`import { startHarness } from '../harness/server';`)).toEqual([
      '../harness/server',
    ]);
    expect(startsSomething(`const { fork } = await import('node:child_process');`)).toEqual([
      'node:child_process',
    ]);
    expect(startsSomething(`import { createPrefix } from '../wine/wine.mjs';`)).toEqual(['../wine/wine.mjs']);
    expect(startsSomething(`import type { Server } from 'node:net';`)).toEqual([]);
    expect(startsSomething(`import { buildFakeLib } from '../support/fake-lib';`)).toEqual([]);
  });

  it('no file in test/unit imports one', () => {
    const files = repoFiles(['test/unit'], (f) => /\.tsx?$/.test(f) && f !== 'test/unit/unit-scope.test.ts');
    const found = files.flatMap((f) =>
      startsSomething(readFileSync(join(REPO_ROOT, f), 'utf8')).map((s) => `${f}: ${s}`),
    );
    expect(found).toEqual([]);
  });
});
