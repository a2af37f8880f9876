import { useMemo, useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import type { BulkResult, SetApplyResult } from '../../../../electron/core/views';
import { api, unwrap } from '../../api';
import { useApplyChanges, useEndpoints } from '../../queries';
import { useUi } from '../../ui-state';
import { useNotify } from '../notify/Notifier';
import { BulkResults } from './BulkResults';
import { PolicyForm } from './PolicyForm';
import { SetResults } from './SetResults';
import { endpointLabels } from '../../endpoint-label';

export function AddPolicyDialog() {
  const ui = useUi();
  const targets = ui.addTargets;
  return (
    <Dialog
      open={targets !== null}
      onClose={() => ui.setAddTargets(null)}
      maxWidth="md"
      fullWidth
      aria-labelledby="add-title"
      scroll="paper"
    >
      {targets && (
        <AddPolicyForm key={targets.join()} targets={targets} onClose={() => ui.setAddTargets(null)} />
      )}
    </Dialog>
  );
}

type Results = { bulk: BulkResult } | { set: SetApplyResult; policyNames: string[] };

function AddPolicyForm({ targets, onClose }: { targets: string[]; onClose: () => void }) {
  const notify = useNotify();
  const applyChanges = useApplyChanges();
  const list = useEndpoints();
  const names = useMemo(() => endpointLabels(list.data ?? []), [list.data]);
  const [results, setResults] = useState<Results | null>(null);

  const title =
    targets.length === 1
      ? `Add proxy policy to ${names.get(targets[0]!) ?? targets[0]}`
      : `Add proxy policy to ${targets.length} endpoints`;
  if (results) {
    return (
      <>
        <DialogTitle id="add-title">{title}</DialogTitle>
        <DialogContent dividers>
          {'bulk' in results ? (
            <BulkResults result={results.bulk} names={names} />
          ) : (
            <SetResults result={results.set} names={names} policyNames={results.policyNames} />
          )}
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={onClose} autoFocus>
            Done
          </Button>
        </DialogActions>
      </>
    );
  }
  return (
    <PolicyForm
      title={title}
      submitLabel={(n) =>
        targets.length === 1
          ? n === 1
            ? 'Add policy'
            : `Add ${n} policies`
          : `Apply to ${targets.length} endpoints`
      }
      onCancel={onClose}
      onSubmit={async (policies, policyNames) => {
        if (policies.length > 1) {
          // A writer's set: all of it on each endpoint, or none (policies.applySet rolls back).
          const r = await unwrap(api.policies.applySet({ endpointIds: targets, policies }));
          applyChanges(
            r.outcomes.flatMap((o) => [...o.results, ...(o.rolledBack ?? [])]),
            r.outcomes.filter((o) => !o.results.length && !o.rolledBack?.length).map((o) => o.endpointId),
          );
          setResults({ set: r, policyNames });
        } else if (targets.length === 1) {
          const r = await unwrap(api.policies.add({ endpointId: targets[0]!, policy: policies[0]! }));
          applyChanges([r]);
          notify({
            severity: r.warnings.length || r.readBack === 'mismatch' ? 'warning' : 'success',
            message: `Added proxy policy to ${names.get(r.endpointId) ?? r.endpointId}.${r.warnings.length ? ` ${r.warnings.join(' ')}` : ''}`,
          });
          onClose();
        } else {
          const r = await unwrap(api.policies.applyToMany({ endpointIds: targets, policy: policies[0]! }));
          applyChanges(
            r.outcomes.flatMap((o) => (o.result ? [o.result] : [])),
            r.outcomes.filter((o) => !o.result).map((o) => o.endpointId),
          );
          setResults({ bulk: r });
        }
      }}
    />
  );
}
