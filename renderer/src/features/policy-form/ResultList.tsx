import { Alert, List, ListItem, ListItemIcon, ListItemText } from '@mui/material';
import CheckCircle from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import Warning from '@mui/icons-material/Warning';
import type { AppError } from '../../../../electron/base/app-error';
import { plural } from '../../../../electron/base/plural';
import { ApiError, describeError } from '../../api';

/** A failure in one line: the HRESULT name and its sentence, else the message. */
export function errorLine(e: AppError): string {
  const d = describeError(new ApiError(e));
  return `${d.title}${d.detail ? ` — ${d.detail}` : ''}`;
}

export type RowOutcome = 'ok' | 'warning' | 'failed';

/** One line per endpoint under a summary: what a bulk apply and a set apply both show. */
export function ResultList(props: {
  succeeded: number;
  failed: number;
  rows: ReadonlyArray<{ endpointId: string; outcome: RowOutcome; label: string; text: string }>;
}) {
  const { succeeded, failed } = props;
  return (
    <>
      <Alert severity={failed === 0 ? 'success' : succeeded === 0 ? 'error' : 'warning'} sx={{ mb: 1 }}>
        Added to {plural(succeeded, 'endpoint')}; {failed} failed.
      </Alert>
      <List dense aria-label="Per-endpoint results">
        {props.rows.map((r) => (
          <ListItem key={r.endpointId} data-outcome={r.outcome} data-endpoint-id={r.endpointId}>
            <ListItemIcon sx={{ minWidth: 32 }}>
              {r.outcome === 'ok' && <CheckCircle color="success" aria-label="succeeded" />}
              {r.outcome === 'warning' && <Warning color="warning" aria-label="succeeded with warnings" />}
              {r.outcome === 'failed' && <ErrorIcon color="error" aria-label="failed" />}
            </ListItemIcon>
            <ListItemText primary={r.label} secondary={r.text} />
          </ListItem>
        ))}
      </List>
    </>
  );
}
