import { lookupContainer } from '../core/containers/lookup';
import type { AppContext } from '../core/services/context';
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
import { checkJournalPath } from '../core/services/settings';
import { closeSnapshot, exportSnapshot, openSnapshot } from '../core/services/snapshot';
import { Journal } from '../core/journal/journal';
import type { FleetChannel } from '../remote/fleet-schema';
import type { Handlers } from './router';

/** Channel → service. The only place that knows both the contract and the services (nodes.* and fleet.*: remote/fleet.ts). */
export function createHandlers(ctx: AppContext): Omit<Handlers, FleetChannel> {
  // Read at call time: ctx.hns changes when a snapshot opens, ctx.journal when settings move it.
  const diag = (): DiagnosticsDeps => ({ hns: ctx.hns, journal: ctx.journal, nodeState: ctx.nodeState });
  return {
    'endpoints.list': () => listEndpoints(ctx),
    'endpoints.get': ({ endpointId }) => getEndpointDetail(ctx, endpointId),
    'policies.add': ({ endpointId, policy }) => addPolicy(ctx, endpointId, policy),
    'policies.remove': ({ endpointId, index, expected }) => removePolicy(ctx, endpointId, index, expected),
    'policies.clear': ({ endpointId, includeForeign }) => clearPolicies(ctx, endpointId, includeForeign),
    'policies.restore': ({ journalId }) => restore(ctx, journalId),
    'policies.applyToMany': ({ endpointIds, policy }) => applyToMany(ctx, endpointIds, policy),
    'containers.lookup': (input) => lookupContainer(ctx, input),
    'diagnostics.endpoint': ({ endpointId }) => diagnoseEndpoint(diag(), endpointId),
    'diagnostics.all': () => diagnoseAll(diag()),
    'diagnostics.events': ({ endpointId, minutes }) =>
      endpointHnsEvents(ctx, endpointId, minutes === undefined ? {} : { minutes }),
    'flows.explain': ({ endpointId, flow }) => explainEndpointFlow(diag(), endpointId, flow),
    'hns.info': () => hnsInfo(ctx),
    'hns.allowUnverifiedVersion': () => {
      ctx.unverifiedVersion = { by: 'confirmation in the app' };
      return hnsInfo(ctx);
    },
    'journal.list': ({ endpointId, limit }) => ctx.journal.list({ endpointId, limit }),
    'snapshot.export': ({ endpointIds }) => exportSnapshot(ctx, endpointIds),
    'snapshot.open': ({ fileName, contentBase64, editable, hnsVersion }) =>
      openSnapshot(ctx, fileName, contentBase64, editable, hnsVersion),
    'snapshot.close': () => closeSnapshot(ctx),
    'settings.get': () => ctx.settings.get(),
    'settings.set': async (patch) => {
      if (patch.journalPath !== undefined && patch.journalPath !== ctx.journal.path)
        await checkJournalPath(patch.journalPath);
      const next = await ctx.settings.set(patch);
      // A new journal path takes effect for the next change; earlier entries stay where they were written.
      if (patch.journalPath && patch.journalPath !== ctx.journal.path) {
        await ctx.journal.flush();
        ctx.journal = new Journal(patch.journalPath);
      }
      return next;
    },
    'app.restartElevated': async () => ({ started: false }),
  };
}
