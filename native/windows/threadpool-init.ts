// Side-effect module: the FIRST import of every entry point (Electron main, CLI), so libuv's thread
// pool starts with room for the HNS calls in flight. See threadpool.ts for why it must come first,
// and why on Windows with an older libuv the process starts itself again instead.
import { relaunchWithThreadpool, raiseThreadpoolSize, type RelaunchOutcome } from './threadpool';

raiseThreadpoolSize();
/** Read by the packaged app's main: start nothing while handing over, and log a failed relaunch. */
export const threadpoolRelaunch: RelaunchOutcome = relaunchWithThreadpool();
