import { Box, CircularProgress, List, ListItem, ListItemText, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { keys } from '../../queries';
import { useCurrentNode } from '../nodes/node-context';

/**
 * The endpoint's recent Host Network Service events, beside a read-back warning (hcsshim#2571: the
 * reporter found the cause only there). Message text is shown as Windows rendered it; we do not
 * interpret HNS event fields (no real sample of their XML exists to build a parser on).
 */
export function HnsEvents({ endpointId }: { endpointId: string }) {
  const node = useCurrentNode();
  const q = useQuery({
    queryKey: [...keys.node(node), 'diagnostics', 'events', endpointId],
    queryFn: () => unwrap(api.diagnostics.events({ endpointId })),
    staleTime: 30_000,
  });
  if (q.isPending) return <CircularProgress size={18} aria-label="Reading HNS events" />;
  if (q.isError) return <ErrorAlert error={q.error} title="Could not read HNS events" />;
  if (!q.data.available) {
    return (
      <Typography variant="body2" data-testid="hns-events-unavailable">
        {q.data.reason}
      </Typography>
    );
  }
  if (q.data.events.length === 0) {
    return (
      <Typography variant="body2">
        No Host Network Service event in the last hour names this endpoint.
      </Typography>
    );
  }
  return (
    <List dense aria-label="Host Network Service events" data-testid="hns-events">
      {q.data.events.map((e, i) => (
        <ListItem key={`${e.time}-${i}`} disableGutters>
          <ListItemText
            primary={`${e.time} · ${e.level} · event ${e.id}`}
            secondary={
              <Box component="span" sx={{ whiteSpace: 'pre-wrap' }}>
                {e.message}
              </Box>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
