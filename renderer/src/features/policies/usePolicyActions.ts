import { useCallback } from 'react';
import type { ChangeResult, ProxyPolicyView } from '../../../../electron/core/views';
import { api, describeError, unwrap } from '../../api';
import { useApplyChanges, useInvalidateAfterChange } from '../../queries';
import { useNotify } from '../notify/Notifier';
import { plural } from '../../../../electron/base/plural';

/** Remove / clear / restore with the same feedback everywhere: result, warnings, Undo. */
export function usePolicyActions() {
  const notify = useNotify();
  const invalidate = useInvalidateAfterChange();
  const applyChanges = useApplyChanges();

  const report = useCallback(
    (what: string, r: ChangeResult, undo: boolean) => {
      applyChanges([r]);
      const warn = r.warnings.length > 0 ? ` ${r.warnings.join(' ')}` : '';
      notify({
        severity: r.warnings.length > 0 || r.readBack === 'mismatch' ? 'warning' : 'success',
        message: `${what}.${warn}`,
        action:
          undo && r.journalId
            ? {
                label: 'Undo',
                run: () => {
                  void (async () => {
                    try {
                      const back = await unwrap(api.policies.restore({ journalId: r.journalId as string }));
                      applyChanges([back]);
                      notify({ severity: 'info', message: `Restored ${plural(back.count, 'policy')}.` });
                    } catch (e) {
                      const d = describeError(e);
                      notify({
                        severity: 'error',
                        message: `Undo failed: ${d.title}${d.detail ? ` — ${d.detail}` : ''}`,
                      });
                    }
                  })();
                },
              }
            : undefined,
      });
    },
    [applyChanges, notify],
  );

  const fail = useCallback(
    (what: string, e: unknown) => {
      const d = describeError(e);
      notify({ severity: 'error', message: `${what} failed: ${d.title}${d.detail ? ` — ${d.detail}` : ''}` });
      invalidate();
    },
    [notify, invalidate],
  );

  const remove = useCallback(
    async (endpointId: string, view: ProxyPolicyView, force = false) => {
      try {
        // force: the user confirmed removing one policy of a mesh's set (the service refuses otherwise).
        const r = await unwrap(
          api.policies.remove({
            endpointId,
            index: view.index,
            expected: view.raw,
            ...(force ? { force } : {}),
          }),
        );
        report(`Removed proxy policy #${view.index}`, r, true);
      } catch (e) {
        fail('Remove', e);
      }
    },
    [report, fail],
  );

  const clear = useCallback(
    async (endpointId: string, includeForeign: boolean, owner?: string) => {
      try {
        const r = await unwrap(
          api.policies.clear({ endpointId, includeForeign, ...(owner !== undefined ? { owner } : {}) }),
        );
        report(`Cleared ${plural(r.count, 'proxy policy')}`, r, true);
      } catch (e) {
        fail('Clear', e);
      }
    },
    [report, fail],
  );

  const restore = useCallback(
    async (journalId: string) => {
      try {
        const r = await unwrap(api.policies.restore({ journalId }));
        report(`Restored ${plural(r.count, 'policy')}`, r, false);
      } catch (e) {
        fail('Restore', e);
      }
    },
    [report, fail],
  );

  return { remove, clear, restore };
}
