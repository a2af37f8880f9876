import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { DEFAULT_HNS_CONCURRENCY } from '../../native/windows/threadpool';
import { FIGURES } from './figures';
import { unspreadTimings } from './stats';

// `npm run bench [-- --json] [-- --only <group>]`: runs every figure producer (figures/index.ts) and
// prints one JSON object with every figure on stdout (--json), or a table. Progress goes to stderr.
//
// libuv reads UV_THREADPOOL_SIZE once, when its pool first starts — and tsx/esbuild may already
// have used it by the time this module runs. So if it is not set, re-run this script with it set
// (to the app's default HNS concurrency): the only reliable way to raise it.

function main(): void {
  if (!process.env.UV_THREADPOOL_SIZE) {
    const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      stdio: 'inherit',
      env: { ...process.env, UV_THREADPOOL_SIZE: String(DEFAULT_HNS_CONCURRENCY) },
    });
    process.exit(r.status ?? 1);
  }
  const { values } = parseArgs({
    options: { json: { type: 'boolean', default: false }, only: { type: 'string' } },
  });
  void runAll(values.json ?? false, values.only);
}

async function runAll(json: boolean, only: string | undefined): Promise<void> {
  const figures: Record<string, number | string | null> = {};
  let failed = false;
  for (const producer of FIGURES) {
    if (only && producer.group !== only) continue;
    const log = (line: string) => process.stderr.write(`[${producer.group}] ${line}\n`);
    log(producer.description);
    try {
      Object.assign(figures, await producer.run(log));
    } catch (e) {
      failed = true;
      figures[`${producer.group}.error`] = null;
      log(`FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  // Every timing figure carries its spread (stats.ts); say which one does not, so it gets it.
  for (const k of unspreadTimings(figures))
    process.stderr.write(`[bench] ${k} is a timing without its min and max (test/bench/stats.ts timing())\n`);
  if (json) process.stdout.write(JSON.stringify(figures) + '\n');
  else for (const [k, v] of Object.entries(figures)) process.stdout.write(`${k.padEnd(40)} ${v}\n`);
  process.exit(failed ? 1 : 0);
}

main();
