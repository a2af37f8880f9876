import { lookupContainer } from '../core/containers/lookup';
import type { AppContext, Sessions } from '../core/services/context';
import { getEndpointDetail } from '../core/services/endpoint-detail';
import {
  diagnoseAll,
  diagnoseEndpoint,
  explainEndpointFlow,
  type DiagnosticsDeps,
} from '../core/services/diagnostics';
import { listEndpoints } from '../core/services/endpoints';
import { endpointHnsEvents } from '../core/services/hns-events';
import { hnsInfo } from '../core/services/hns-info';
import { addPolicy, applyToMany, clearPolicies, removePolicy, restore } from '../core/services/policies';
import { applySet } from '../core/services/policy-set';
import { allowUnverifiedVersion, setSettings } from '../core/services/session-changes';
import { watchEvents } from '../core/services/watch';
import { closeSnapshotIn, exportSnapshot, openSnapshotIn } from '../core/services/snapshot';
import type { FleetChannel } from './fleet-schema';
import type { Handlers } from './router';

/**
 * Channel → service: the only place that knows both the contract and the services (nodes.* and
 * fleet.* come from the GUI hosts). Each call takes the current session once, at its start, and works
 * on that value to its end; only the session-replacing operations touch `sessions`.
 */
export function createHandlers(sessions: Sessions): Omit<Handlers, FleetChannel> {
  const on =
    <A extends unknown[], R>(f: (ctx: AppContext, ...a: A) => R) =>
    (...a: A): R =>
      f(sessions.context(), ...a);
  const diag = (ctx: AppContext): DiagnosticsDeps => ({
    hns: ctx.hns,
    journal: ctx.journal,
    nodeState: ctx.nodeState,
  });
  return {
    'endpoints.list': on((ctx) => listEndpoints(ctx)),
    'endpoints.get': on((ctx, { endpointId }) => getEndpointDetail(ctx, endpointId)),
    'policies.add': on((ctx, { endpointId, policy }) => addPolicy(ctx, endpointId, policy)),
    'policies.remove': on((ctx, { endpointId, index, expected, force }) =>
      removePolicy(ctx, endpointId, index, expected, force),
    ),
    'policies.clear': on((ctx, { endpointId, includeForeign, owner }) =>
      clearPolicies(ctx, endpointId, includeForeign, owner),
    ),
    'policies.restore': on((ctx, { journalId }) => restore(ctx, journalId)),
    'policies.applyToMany': on((ctx, { endpointIds, policy }) => applyToMany(ctx, endpointIds, policy)),
    'policies.applySet': on((ctx, { endpointIds, policies }) => applySet(ctx, endpointIds, policies)),
    'containers.lookup': on((ctx, input) => lookupContainer(ctx, input)),
    'diagnostics.endpoint': on((ctx, { endpointId }) => diagnoseEndpoint(diag(ctx), endpointId)),
    'diagnostics.all': on((ctx) => diagnoseAll(diag(ctx))),
    'diagnostics.events': on((ctx, { endpointId, minutes }) =>
      endpointHnsEvents(ctx, endpointId, minutes === undefined ? {} : { minutes }),
    ),
    'flows.explain': on((ctx, { endpointId, flow }) => explainEndpointFlow(diag(ctx), endpointId, flow)),
    'hns.info': on((ctx) => hnsInfo(ctx)),
    'hns.allowUnverifiedVersion': () => allowUnverifiedVersion(sessions, 'confirmation in the app'),
    'journal.list': on(async (ctx, { endpointId, limit }) => ({
      entries: await ctx.journal.list({ endpointId, limit }),
      skippedLines: ctx.journal.skippedLines,
    })),
    'watch.events': on((ctx, input) => watchEvents(ctx, input)),
    'snapshot.export': on((ctx, { endpointIds }) => exportSnapshot(ctx, endpointIds)),
    'snapshot.open': ({ fileName, contentBase64, editable, hnsVersion }) =>
      openSnapshotIn(sessions, fileName, contentBase64, editable, hnsVersion),
    'snapshot.close': () => closeSnapshotIn(sessions),
    'settings.get': () => sessions.app.settings.get(),
    'settings.set': (patch) => setSettings(sessions, patch),
    'app.restartElevated': async () => ({ started: false }),
  };
}
