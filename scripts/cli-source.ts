// Must stay the first import: libuv sizes its thread pool on first use (HNS calls run there).
import '../native/windows/threadpool-init';
import { runMain } from '../electron/cli/run';
import { DEV_BACKENDS } from '../test/support/dev-backends';

// `npm run cli`: the same CLI as bin/hcnproxyctl.cjs (electron/cli/main.ts) plus the backends that
// exist only in a source checkout (`--backend fake`: koffi + the C library built from test/fixtures).
// Kept out of electron/ so no shipped entry can reach test code.
runMain({ extraBackends: DEV_BACKENDS });
