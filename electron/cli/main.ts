// Must stay the first import: libuv sizes its thread pool on first use (HNS calls run there).
import '../../native/windows/threadpool-init';
import { runMain } from './run';

// Entry of bin/hcnproxyctl.cjs (and of any bundled CLI): the shipped backends only (windows,
// simulated). `npm run cli` runs scripts/cli-source.ts, which adds the source-only fake backend.
runMain();
