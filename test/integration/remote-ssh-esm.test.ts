import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { bundleForNode } from '../support/node-bundle';

const ROOT = resolve(__dirname, '../..');

// The bench and any ESM host load our code bundled with npm packages left external. ssh2 is CommonJS,
// and Node's ESM loader does not see every name it exports (`utils`): a named import of it failed to
// link there while tsx and the CJS main bundle hid the problem.
it('the SSH transport links when bundled as ESM with ssh2 external', async () => {
  const dir = join(ROOT, 'test/fixtures/build/esm-link');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, 'ssh-transport.mjs');
  await bundleForNode(join(ROOT, 'electron/remote/ssh-transport.ts'), outfile);
  // Plain Node, not vitest's loader, which links CommonJS names that Node's ESM loader does not.
  const r = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const m = await import(${JSON.stringify(pathToFileURL(outfile).href)}); console.log(typeof m.connectSsh);`,
    ],
    { encoding: 'utf8', cwd: ROOT },
  );
  expect(r.stderr).toBe('');
  expect(r.stdout.trim()).toBe('function');
});
