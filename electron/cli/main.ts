// Must stay the first import: libuv sizes its thread pool on first use (HNS calls run there).
import '../../native/windows/threadpool-init';
import { processIo, runCli } from './run';

// Entry of `npm run cli -- …` (tsx) and of bin/hcnproxyctl.cjs. Everything testable lives in run.ts.
runCli(process.argv.slice(2), processIo).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`hcnproxyctl: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
