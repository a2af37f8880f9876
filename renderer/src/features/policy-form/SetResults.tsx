import { Alert, List, ListItem, ListItemIcon, ListItemText } from '@mui/material';
import CheckCircle from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import Warning from '@mui/icons-material/Warning';
import type { SetApplyResult } from '../../../../electron/core/views';
import { plural } from '../../../../electron/base/plural';
import { ApiError, describeError } from '../../api';

type Outcome = SetApplyResult['outcomes'][number];

const errorText = (e: NonNullable<Outcome['error']>) => {
  const d = describeError(new ApiError(e));
  return `${d.title}${d.detail ? ` — ${d.detail}` : ''}`;
};

/** What happened on one endpoint, in one sentence: added, or which policy failed and what was undone. */
export function outcomeText(o: Outcome, names: readonly string[]): string {
  const name = (i: number) => `policy ${i + 1}${names[i] ? ` (${names[i]})` : ''}`;
  if (o.ok) {
    const warn = o.results.flatMap((r) => r.warnings).join(' ');
    const readBack = o.results.every((r) => r.readBack === 'confirmed') ? ' and read back' : '';
    return `Added ${plural(o.results.length, 'policy')}${readBack}.${warn ? ` ${warn}` : ''}`;
  }
  const i = o.failedPolicy ?? 0;
  const failed = `${name(i)[0]!.toUpperCase()}${name(i).slice(1)} failed: ${o.error ? errorText(o.error) : 'unknown error'}.`;
  if (i === 0) return `${failed} Nothing was added.`;
  const undone = (o.rolledBack ?? []).length;
  if (o.rollbackError)
    return `${failed} Removing the ${plural(i, 'policy')} added before it failed too (${errorText(o.rollbackError)}): ${plural(i - undone, 'policy')} of the set remain on this endpoint.`;
  return `${failed} The ${i === 1 ? `first policy was` : `${i} policies added before it were`} removed again; the endpoint is as before.`;
}

/** One line per endpoint of a set apply; failures say what was rolled back. */
export function SetResults({
  result,
  names,
  policyNames,
}: {
  result: SetApplyResult;
  names: ReadonlyMap<string, string>;
  policyNames: readonly string[];
}) {
  return (
    <>
      <Alert
        severity={result.failed === 0 ? 'success' : result.succeeded === 0 ? 'error' : 'warning'}
        sx={{ mb: 1 }}
      >
        Added to {plural(result.succeeded, 'endpoint')}; {result.failed} failed.
      </Alert>
      <List dense aria-label="Per-endpoint results">
        {result.outcomes.map((o) => {
          const warn = o.ok && o.results.some((r) => r.warnings.length || r.readBack === 'mismatch');
          const outcome = !o.ok ? 'failed' : warn ? 'warning' : 'ok';
          return (
            <ListItem key={o.endpointId} data-outcome={outcome} data-endpoint-id={o.endpointId}>
              <ListItemIcon sx={{ minWidth: 32 }}>
                {outcome === 'ok' && <CheckCircle color="success" aria-label="succeeded" />}
                {outcome === 'warning' && <Warning color="warning" aria-label="succeeded with warnings" />}
                {outcome === 'failed' && <ErrorIcon color="error" aria-label="failed" />}
              </ListItemIcon>
              <ListItemText
                primary={names.get(o.endpointId) ?? o.endpointId}
                secondary={outcomeText(o, policyNames)}
              />
            </ListItem>
          );
        })}
      </List>
    </>
  );
}
