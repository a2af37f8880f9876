import { createBackend, type BackendOptions } from '../../native/backend';
import type { HnsClient } from '../../native/hns-client';
import type { AppContext } from '../core/services/context';
import { createHandlers } from './handlers';
import { createRouter, type Handlers, type Router, type RouterOptions } from './router';

export interface AppCoreOptions extends BackendOptions, RouterOptions {
  elevated?: boolean;
  appVersion?: string;
  /** Handlers the host provides itself (Electron main: app.restartElevated). */
  overrides?: Partial<Handlers>;
  /** Wraps the backend once it exists (main: log every HNS error; tests: count calls). */
  wrapHns?: (hns: HnsClient) => HnsClient;
}

export interface AppCore {
  ctx: AppContext;
  route: Router;
  close(): Promise<void>;
}

/** Backend + context + router: the same assembly for Electron main, the browser harness and tests. */
export async function createAppCore(options: AppCoreOptions = {}): Promise<AppCore> {
  const created = await createBackend(options);
  const hns = options.wrapHns ? options.wrapHns(created) : created;
  const ctx: AppContext = {
    hns,
    elevated: options.elevated ?? true,
    appVersion: options.appVersion ?? '0.1.0',
    platform: process.platform,
  };
  const route = createRouter({ ...createHandlers(ctx), ...options.overrides } as Handlers, options);
  return { ctx, route, close: () => ctx.hns.close() };
}
