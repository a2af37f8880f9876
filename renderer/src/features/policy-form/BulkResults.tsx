import { Alert, List, ListItem, ListItemIcon, ListItemText } from '@mui/material';
import CheckCircle from '@mui/icons-material/CheckCircle';
import ErrorIcon from '@mui/icons-material/Error';
import Warning from '@mui/icons-material/Warning';
import type { BulkResult } from '../../../../electron/core/views';
import { ApiError, describeError } from '../../api';
import { plural } from '../../../../electron/base/plural';

/** One line per endpoint: succeeded (with any read-back warning) or failed with HRESULT name + sentence. */
export function BulkResults({ result, names }: { result: BulkResult; names: Map<string, string> }) {
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
          const d = o.error ? describeError(new ApiError(o.error)) : undefined;
          const warn = o.result?.warnings.join(' ');
          // Added but not read back as expected (hcsshim#2571), or added with a caveat: not a plain success.
          const outcome = !o.ok ? 'failed' : warn || o.result?.readBack === 'mismatch' ? 'warning' : 'ok';
          return (
            <ListItem key={o.endpointId} data-outcome={outcome}>
              <ListItemIcon sx={{ minWidth: 32 }}>
                {outcome === 'ok' && <CheckCircle color="success" aria-label="succeeded" />}
                {outcome === 'warning' && <Warning color="warning" aria-label="succeeded with warnings" />}
                {outcome === 'failed' && <ErrorIcon color="error" aria-label="failed" />}
              </ListItemIcon>
              <ListItemText
                primary={names.get(o.endpointId) ?? o.endpointId}
                secondary={
                  d
                    ? `${d.title}${d.detail ? ` — ${d.detail}` : ''}`
                    : warn || (o.result?.readBack === 'confirmed' ? 'Added and read back.' : 'Added.')
                }
              />
            </ListItem>
          );
        })}
      </List>
    </>
  );
}
