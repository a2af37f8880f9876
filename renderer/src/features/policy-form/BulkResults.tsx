import { Alert, List, ListItem, ListItemIcon, ListItemText } from '@mui/material';
import CheckCircle from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import type { BulkResult } from '../../../../electron/core/views';
import { ApiError, describeError } from '../../api';

/** One line per endpoint: succeeded (with any read-back warning) or failed with HRESULT name + sentence. */
export function BulkResults({ result, names }: { result: BulkResult; names: Map<string, string> }) {
  return (
    <>
      <Alert severity={result.failed === 0 ? 'success' : result.succeeded === 0 ? 'error' : 'warning'} sx={{ mb: 1 }}>
        Added to {result.succeeded} endpoint(s); {result.failed} failed.
      </Alert>
      <List dense aria-label="Per-endpoint results">
        {result.outcomes.map((o) => {
          const d = o.error ? describeError(new ApiError(o.error)) : undefined;
          const warn = o.result?.warnings.join(' ');
          return (
            <ListItem key={o.endpointId} data-outcome={o.ok ? 'ok' : 'failed'}>
              <ListItemIcon sx={{ minWidth: 32 }}>
                {o.ok ? <CheckCircle color="success" aria-label="succeeded" /> : <ErrorIcon color="error" aria-label="failed" />}
              </ListItemIcon>
              <ListItemText
                primary={names.get(o.endpointId) ?? o.endpointId}
                secondary={d ? `${d.title}${d.detail ? ` — ${d.detail}` : ''}` : warn || 'Added and read back.'}
              />
            </ListItem>
          );
        })}
      </List>
    </>
  );
}
