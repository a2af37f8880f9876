import type { AppContext } from '../core/services/context';
import { listEndpoints, notYet } from '../core/services/endpoints';
import type { Handlers } from './router';

/** Channel → service. The only place that knows both the contract and the services. */
export function createHandlers(ctx: AppContext): Handlers {
  return {
    'endpoints.list': () => listEndpoints(ctx),
    'endpoints.get': () => notYet('Endpoint detail'),
    'policies.add': () => notYet('Adding a policy'),
    'policies.remove': () => notYet('Removing a policy'),
    'policies.clear': () => notYet('Clearing policies'),
    'policies.restore': () => notYet('Restore'),
    'policies.applyToMany': () => notYet('Bulk apply'),
    'containers.lookup': () => notYet('Container lookup'),
    'diagnostics.endpoint': () => notYet('Diagnostics'),
    'diagnostics.all': () => notYet('Diagnostics'),
    'flows.explain': () => notYet('Flow explainer'),
    'hns.info': async () => {
      let version: { major: number; minor: number } | null = null;
      let versionError: string | undefined;
      try {
        version = await ctx.hns.getVersion();
      } catch (e) {
        versionError = e instanceof Error ? e.message : String(e);
      }
      const supported = !!version && (version.major > 13 || (version.major === 13 && version.minor >= 2));
      return {
        backend: ctx.snapshot ? 'snapshot' : ctx.hns.kind,
        backendLabel: ctx.hns.description,
        snapshotFile: ctx.snapshot?.fileName,
        version,
        versionError,
        l4WfpProxySupported: supported,
        elevated: ctx.elevated,
        readOnly: !ctx.elevated,
        readOnlyReason: ctx.elevated ? undefined : 'Not running as administrator.',
        appVersion: ctx.appVersion,
        platform: ctx.platform,
      };
    },
    'journal.list': async () => [],
    'snapshot.export': () => notYet('Export'),
    'snapshot.open': () => notYet('Open snapshot'),
    'snapshot.close': () => notYet('Close snapshot'),
    'settings.get': () => notYet('Settings'),
    'settings.set': () => notYet('Settings'),
    'app.restartElevated': async () => ({ started: false }),
  };
}
