// Side-effect module: the FIRST import of every entry point (Electron main, CLI), so libuv's thread
// pool starts with room for the HNS calls in flight. See threadpool.ts for why it must come first,
// and why on Windows the process starts itself again instead.
import { relaunchWithThreadpool, raiseThreadpoolSize } from './threadpool';

raiseThreadpoolSize();
relaunchWithThreadpool();
