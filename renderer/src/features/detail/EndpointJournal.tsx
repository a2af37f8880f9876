import {
  Alert,
  Box,
  Button,
  Chip,
  CircularProgress,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
} from '@mui/material';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useJournal } from '../../queries';
import { usePolicyActions } from '../policies/usePolicyActions';
import { rawPolicyLine } from './policy-text';
import { plural } from '../../../../electron/base/plural';

/** What this app changed on the endpoint, newest first; removals can be restored from here. */
export function EndpointJournal({ endpointId, writable }: { endpointId: string; writable: boolean }) {
  const q = useJournal(endpointId);
  const { restore } = usePolicyActions();
  if (q.isPending) return <CircularProgress size={24} aria-label="Loading journal" />;
  if (q.isError) return <ErrorAlert error={q.error} title="Could not read the journal" />;
  // The journal file's unreadable lines (a torn write, a hand edit) are skipped there: say so here too.
  const skipped = q.data.skippedLines > 0 && (
    <Alert severity="warning" data-testid="journal-skipped-lines">
      {plural(q.data.skippedLines, 'unreadable line')} of the journal were skipped (a torn write or a hand
      edit); the file was not changed.
    </Alert>
  );
  if (q.data.entries.length === 0)
    return (
      <>
        {skipped}
        <Alert severity="info">No changes recorded for this endpoint.</Alert>
      </>
    );
  const entries = [...q.data.entries].sort((a, b) => b.time.localeCompare(a.time));
  return (
    <Box sx={{ overflowX: 'auto' }}>
      {skipped}
      <Table size="small" aria-label="Journal entries">
        <TableHead>
          <TableRow>
            <TableCell>Time</TableCell>
            <TableCell>Change</TableCell>
            <TableCell>Policies</TableCell>
            <TableCell>Outcome</TableCell>
            <TableCell>By</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map((e) => {
            const restorable =
              (e.operation === 'remove' || e.operation === 'clear') &&
              e.outcome !== 'failed' &&
              !e.restoredBy &&
              e.policies.length > 0;
            return (
              <TableRow key={e.id}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{new Date(e.time).toLocaleString()}</TableCell>
                <TableCell>{e.operation}</TableCell>
                <TableCell>{e.policies.map(rawPolicyLine).join('; ') || '—'}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    variant="outlined"
                    color={e.outcome === 'ok' ? 'success' : e.outcome === 'mismatch' ? 'warning' : 'error'}
                    label={e.outcome}
                  />
                  {e.error ? ` ${e.error}` : ''}
                  {e.restoredBy ? ' (restored)' : ''}
                </TableCell>
                <TableCell>{e.user}</TableCell>
                <TableCell>
                  {restorable && (
                    <Button
                      size="small"
                      disabled={!writable}
                      onClick={() => void restore(e.id)}
                      aria-label={`Restore ${e.operation} from ${new Date(e.time).toLocaleString()}`}
                    >
                      Restore
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
}
