import { createBackend, type BackendOptions } from '../../native/backend';
import type { HnsClient } from '../../native/hns-client';
import { AppFailure } from '../base/app-error';
import { appJournalPath, defaultJournalPath } from '../core/journal/default-path';
import { Journal } from '../core/journal/journal';
import type { AppContext } from '../core/services/context';
import { NodeStateReader, type PodSource } from '../core/services/node-state';
import { defaultCriEndpoint } from '../core/containers/runtime-defaults';
import { criPodSource } from '../core/containers/pods';
import { KeyedQueue } from '../core/services/queue';
import { checkJournalPath, SettingsStore } from '../core/services/settings';
import type { Settings } from '../core/views';
import { Fleet, fleetHandlers, noFleetHandlers, type FleetOptions } from '../remote/fleet';
import { createHandlers } from './handlers';
import { createRouter, type Handlers, type Router, type RouterOptions } from './router';

export interface AppCoreOptions extends BackendOptions, RouterOptions {
  elevated?: boolean;
  appVersion?: string;
  /** Write simulated/fake changes back to stateFile (CLI --persist). Passed through to createBackend. */
  persist?: boolean;
  /** JSON-lines audit journal. Default: HCNPROXY_JOURNAL, else defaultDataDir()/journal.jsonl. Tests pass a temp path. */
  journalPath?: string;
  /** Where settings persist (Electron main passes userData/settings.json); omitted = memory only. */
  settingsPath?: string;
  /** Handlers the host provides itself (Electron main: app.restartElevated). */
  overrides?: Partial<Handlers>;
  /**
   * Where the Pod column comes from: a CRI runtime address, a source of its own (the harness's simulated
   * nodes), or false for none. Default: containerd's CRI socket with the Windows backend, none otherwise.
   */
  pods?: string | PodSource | false;
  /**
   * The GUI hosts (Electron main, the harness) manage other nodes: their nodes.* and fleet.* channels.
   * Left out (the CLI, an agent), those channels are refused.
   */
  fleet?: Omit<FleetOptions, 'local'>;
  /** Wraps the backend once it exists (main: log every HNS error; tests: count calls). */
  wrapHns?: (hns: HnsClient) => HnsClient;
}

export interface AppCore {
  ctx: AppContext;
  route: Router;
  /** Present when options.fleet was given. */
  fleet?: Fleet;
  close(): Promise<void>;
}

export const DEFAULT_SETTINGS = (journalPath: string): Settings => ({
  autoRefreshSeconds: 0,
  templates: [],
  journalPath,
});

function podSourceOf(options: AppCoreOptions): PodSource | undefined {
  // The backend's name as createBackend resolves it (defaultBackend), without refusing unknown names twice.
  const kind =
    options.backend ?? process.env.HCNPROXY_BACKEND ?? (process.platform === 'win32' ? 'windows' : '');
  const p = options.pods ?? (kind === 'windows' && defaultCriEndpoint());
  if (!p) return undefined;
  return typeof p === 'string' ? criPodSource(p) : p;
}

/** Backend + context + router: the same assembly for Electron main, the CLI, the browser harness and tests. */
export async function createAppCore(options: AppCoreOptions = {}): Promise<AppCore> {
  const created = await createBackend(options);
  const hns = options.wrapHns ? options.wrapHns(created) : created;
  const settings = new SettingsStore(
    DEFAULT_SETTINGS(options.journalPath ?? defaultJournalPath()),
    options.settingsPath,
  );
  // An explicit path (CLI --journal, tests) wins; otherwise the one the user chose in settings.
  const journalPath = options.journalPath ?? (await settings.get()).journalPath;
  // Whatever named it (--journal, HCNPROXY_JOURNAL, settings.json — which the non-elevated user can
  // write), the path passes settings.set's check before the elevated process appends to it. The app's
  // own data folder is exempt: it may not exist yet, and is created admin-only on first append.
  if (journalPath !== appJournalPath()) {
    // Named in the message when it is not the caller's own option, so the person can find and fix it.
    const source =
      options.journalPath !== undefined
        ? undefined
        : journalPath === process.env.HCNPROXY_JOURNAL
          ? 'the HCNPROXY_JOURNAL environment variable'
          : options.settingsPath;
    await checkJournalPath(journalPath).catch((e: unknown) => {
      throw source && e instanceof AppFailure
        ? new AppFailure({ ...e.error, message: `${e.error.message} (journalPath from ${source})` })
        : e;
    });
  }
  const ctx: AppContext = {
    hns,
    elevated: options.elevated ?? true,
    appVersion: options.appVersion ?? '0.1.0',
    platform: process.platform,
    journal: new Journal(journalPath),
    queue: new KeyedQueue(),
    settings,
    nodeState: new NodeStateReader(undefined, podSourceOf(options)),
  };
  // The fleet's local node is this very router (called later, once it exists).
  const fleet = options.fleet && new Fleet({ ...options.fleet, local: (c, i) => route(c, i) });
  const route: Router = createRouter(
    {
      ...createHandlers(ctx),
      ...(fleet ? fleetHandlers(fleet) : noFleetHandlers()),
      ...options.overrides,
    } as Handlers,
    options,
  );
  return {
    ctx,
    route,
    ...(fleet ? { fleet } : {}),
    close: async () => {
      await fleet?.close();
      await ctx.journal.flush();
      await ctx.snapshot?.live.close();
      await ctx.hns.close();
    },
  };
}
