import { spawn } from 'node:child_process';
import { basename, join } from 'node:path';
import { bundleForNode } from '../../support/node-bundle';

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
  await bundleForNode(script, outfile);
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
