import { basename, resolve } from 'node:path';
import { createBackend, persistTarget, type BackendOptions } from '../../native/backend';
import type { HnsClient } from '../../native/hns-client';
import { AppFailure } from '../base/app-error';
import { appJournalPath, defaultJournalPath } from '../core/journal/default-path';
import { Journal } from '../core/journal/journal';
import { Sessions, type AppContext, type SessionOrigin } from '../core/services/context';
import { MemoryJournal } from '../core/journal/memory-journal';
import { NodeStateReader, type PodSource } from '../core/services/node-state';
import { defaultCriEndpoint } from '../core/containers/runtime-defaults';
import { criPodSource } from '../core/containers/pods';
import { KeyedQueue } from '../core/services/queue';
import { checkJournalPath, SettingsStore } from '../core/services/settings';
import type { Settings } from '../core/views';
import type { FleetChannel } from './fleet-schema';
import { createHandlers } from './handlers';
import { noFleetHandlers } from './no-fleet';
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
   * Handlers the GUI hosts (Electron main, the harness) bring themselves: their node manager answers
   * nodes.* and fleet.* (electron/remote/fleet-handlers.ts fleetHost), given this core's own router as
   * the local node. Left out (the CLI, an agent), those channels are refused.
   */
  hostHandlers?: (local: Router) => HostHandlers;
  /** The user's choice to change a node whose HNS version cannot be read (CLI --force). */
  unverifiedVersion?: { by: string };
  /** Wraps the backend once it exists (main: log every HNS error; tests: count calls). */
  wrapHns?: (hns: HnsClient) => HnsClient;
}

export interface HostHandlers {
  handlers: Partial<Handlers> & Pick<Handlers, FleetChannel>;
  close?: () => Promise<void>;
}

export interface AppCore {
  sessions: Sessions;
  /** The current session as one call would see it (read-only; tests and the CLI read it). */
  readonly ctx: AppContext;
  route: Router;
  close(): Promise<void>;
}

export const DEFAULT_SETTINGS = (journalPath: string): Settings => ({
  autoRefreshSeconds: 0,
  templates: [],
  journalPath,
});

/** Where the session's state lives: a state file (saved to only with --persist), else the live node. */
function originOf(options: AppCoreOptions): SessionOrigin {
  const saveTo = persistTarget(options);
  if (options.stateFile)
    return { kind: 'state-file', path: resolve(saveTo ?? options.stateFile), saved: saveTo !== undefined };
  if (saveTo) return { kind: 'state-file', path: resolve(saveTo), saved: true };
  return { kind: 'live' };
}

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
  // Whatever named it (--journal, HCNPROXY_JOURNAL, HCNPROXY_DATA_DIR, settings.json — which the non-elevated user can
  // write), the path passes settings.set's check before the elevated process appends to it. The app's
  // own data folder is exempt: it may not exist yet, and is created admin-only on first append.
  if (journalPath !== appJournalPath()) {
    // Named in the message when it is not the caller's own option, so the person can find and fix it.
    const source =
      options.journalPath !== undefined
        ? undefined
        : journalPath === process.env.HCNPROXY_JOURNAL
          ? 'the HCNPROXY_JOURNAL environment variable'
          : journalPath === defaultJournalPath() && process.env.HCNPROXY_DATA_DIR
            ? 'the HCNPROXY_DATA_DIR environment variable'
            : options.settingsPath;
    await checkJournalPath(journalPath).catch((e: unknown) => {
      throw source && e instanceof AppFailure
        ? new AppFailure({ ...e.error, message: `${e.error.message} (journalPath from ${source})` })
        : e;
    });
  }
  const origin = originOf(options);
  const sessions = new Sessions(
    {
      elevated: options.elevated ?? true,
      appVersion: options.appVersion ?? '0.1.0',
      platform: process.platform,
      settings,
    },
    {
      hns,
      // A state file's changes are journalled only when they are saved to it, and then under its name.
      journal:
        origin.kind === 'state-file' && !origin.saved
          ? new MemoryJournal(
              `what-if changes to ${basename(origin.path)} (not saved: --persist saves them)`,
              new Journal(journalPath, { stateFile: origin.path }),
            )
          : new Journal(journalPath, origin.kind === 'state-file' ? { stateFile: origin.path } : {}),
      queue: new KeyedQueue(),
      nodeState: new NodeStateReader(undefined, podSourceOf(options)),
      writeGate: options.unverifiedVersion ? { unverifiedVersion: options.unverifiedVersion } : {},
      origin,
    },
  );
  // The host's local node is this very router (called later, once it exists).
  const host = options.hostHandlers?.((c, i) => route(c, i));
  const route: Router = createRouter(
    {
      ...createHandlers(sessions),
      ...(host ? host.handlers : noFleetHandlers()),
      ...options.overrides,
    } as Handlers,
    options,
  );
  return {
    sessions,
    get ctx() {
      return sessions.context();
    },
    route,
    close: async () => {
      await host?.close?.();
      const current = sessions.current;
      await sessions.live.journal.flush();
      if (current !== sessions.live) await current.hns.close();
      await sessions.live.hns.close();
    },
  };
}
