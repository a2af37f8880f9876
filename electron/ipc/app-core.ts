import { createBackend, type BackendOptions } from '../../native/backend';
import type { AppContext } from '../core/services/context';
import { createHandlers } from './handlers';
import { createRouter, type Router, type RouterOptions } from './router';

export interface AppCoreOptions extends BackendOptions, RouterOptions {
  elevated?: boolean;
  appVersion?: string;
}

export interface AppCore {
  ctx: AppContext;
  route: Router;
  close(): Promise<void>;
}

/** Backend + context + router: the same assembly for Electron main, the browser harness and tests. */
export async function createAppCore(options: AppCoreOptions = {}): Promise<AppCore> {
  const hns = await createBackend(options);
  const ctx: AppContext = {
    hns,
    elevated: options.elevated ?? true,
    appVersion: options.appVersion ?? '0.1.0',
    platform: process.platform,
  };
  const route = createRouter(createHandlers(ctx), options);
  return { ctx, route, close: () => ctx.hns.close() };
}
