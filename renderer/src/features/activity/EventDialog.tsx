import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Typography } from '@mui/material';
import type { ActivityItem } from './activity-model';
import { describeEvent, whoMade } from './activity-model';

/** One event: the endpoint's proxy policies as they were right after that change. */
export function EventDialog({
  item,
  onClose,
  onOpenEndpoint,
}: {
  item: ActivityItem | null;
  onClose: () => void;
  /** Opens the endpoint's detail as it is now (absent in the fleet view or once it is deleted). */
  onOpenEndpoint?: (id: string) => void;
}) {
  const e = item?.event;
  const gone = e?.type === 'endpoint-deleted';
  return (
    <Dialog open={!!item} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="activity-event-title">
      {e && item && (
        <>
          <DialogTitle id="activity-event-title">
            {e.endpoint.name || e.endpoint.id} at {new Date(e.time).toLocaleTimeString()}
          </DialogTitle>
          <DialogContent>
            <Typography variant="body2" data-testid="activity-event-summary">
              {describeEvent(e)}
              {e.policy?.owner ? ` [${e.policy.owner}]` : ''} — {whoMade(e) || 'unknown'}; node {item.label}
              {e.endpoint.pod ? `; pod ${e.endpoint.pod}` : ''}
            </Typography>
            {e.before && (
              <Typography variant="body2" sx={{ mt: 1 }}>
                Before: {e.before.summary}
              </Typography>
            )}
            {e.drift && (
              <Typography
                variant="body2"
                color="warning.main"
                sx={{ mt: 1 }}
                data-testid="activity-event-drift"
              >
                {e.drift.kind === 'removed-elsewhere'
                  ? `Drift: this app added it (journal ${e.drift.journalId}, ${e.drift.user}); someone else removed it.`
                  : 'Drift: a proxy policy of no known owner appeared (no mesh profile matches, and this app did not add it).'}
              </Typography>
            )}
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              {gone ? 'The endpoint was deleted.' : 'Proxy policies at that moment'}
            </Typography>
            {!gone && (
              <Box
                component="pre"
                data-testid="activity-event-policies"
                tabIndex={0}
                sx={{ fontSize: 12, overflow: 'auto', maxHeight: 320, bgcolor: 'action.hover', p: 1 }}
              >
                {JSON.stringify(e.policies ?? [], null, 2)}
              </Box>
            )}
          </DialogContent>
          <DialogActions>
            {onOpenEndpoint && !gone && (
              <Button onClick={() => onOpenEndpoint(e.endpoint.id)}>Open endpoint as it is now</Button>
            )}
            <Button onClick={onClose}>Close</Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  );
}
