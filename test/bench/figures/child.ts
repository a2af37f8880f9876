import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import { NODE_BUNDLE } from '../../support/node-bundle';

const OUT = join(__dirname, '..', '..', '..', 'out', 'bench');

export interface ChildOptions {
  nodeArgs?: string[];
  args?: string[];
}

/**
 * Runs a figure's measurement in a fresh Node process and returns the JSON object it prints as its
 * last stdout line. The script is bundled first the way electron-vite bundles main (our sources in
 * one file, npm packages loaded from node_modules), so the process is what the app would run — no
 * TypeScript loader in it — and a fresh process carries no heap or JIT state from earlier producers.
 * (esbuild comes with tsx and vite, which the bench needs anyway.)
 */
export async function runChild<T>(
  script: string,
  log: (line: string) => void,
  options: ChildOptions = {},
): Promise<T> {
  const outfile = join(OUT, basename(script).replace(/\.ts$/, '.mjs'));
  await build({
    ...NODE_BUNDLE,
    entryPoints: [script],
    outfile,
    logLevel: 'error',
    // Inside one bundle every module's import.meta.url is the bundle's, which is also argv[1]: a
    // module that runs itself when it is the main script (build-fake-dll.mjs) would take itself for
    // it. The children read their arguments from argv[2] on.
    banner: { js: "process.argv[1] = '(bundled bench child)';" },
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), outfile, ...(options.args ?? [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: process.env,
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) =>
      d
        .toString()
        .split('\n')
        .filter(Boolean)
        .forEach((l) => log(`  ${l}`)),
    );
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${basename(script)} exited with ${code}`));
      try {
        resolve(JSON.parse(last) as T);
      } catch {
        reject(new Error(`${basename(script)} printed no JSON result: ${last.slice(0, 200)}`));
      }
    });
  });
}
