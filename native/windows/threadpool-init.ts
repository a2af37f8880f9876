// Side-effect module: import it FIRST in an entry point (Electron main, CLI) so libuv's thread pool
// starts with room for the HNS calls in flight. See threadpool.ts for why it must come first.
import { raiseThreadpoolSize } from './threadpool';

raiseThreadpoolSize();
