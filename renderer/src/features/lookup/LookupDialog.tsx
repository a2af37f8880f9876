import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  TextField,
} from '@mui/material';
import type { LookupResult } from '../../../../electron/core/views';
import { api, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useUi } from '../../ui-state';

/** Container id (or a unique prefix) → the endpoint(s) it uses, one click to open them. */
export function LookupDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ui = useUi();
  const [id, setId] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LookupResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await unwrap(api.containers.lookup({ containerId: id.trim() })));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const jump = (endpointId: string) => {
    onClose();
    ui.setRevealId(endpointId);
    ui.setOpenEndpointId(endpointId);
  };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="lookup-title">
      <DialogTitle id="lookup-title">Find a container’s endpoint</DialogTitle>
      <DialogContent>
        <Box
          component="form"
          sx={{ display: 'flex', alignItems: 'flex-start', gap: 1, pt: 1 }}
          onSubmit={(e) => {
            e.preventDefault();
            void run();
          }}
        >
          <TextField
            autoFocus
            fullWidth
            size="small"
            label="Container ID or unique prefix"
            value={id}
            onChange={(e) => setId(e.target.value)}
            helperText="Looked up through CRI (containerd), Docker and HNS namespaces."
          />
          {/* One line, as tall as the small text field (it used to stretch over the helper text and wrap). */}
          <Button
            type="submit"
            variant="contained"
            disabled={busy || id.trim().length < 3}
            sx={{ flexShrink: 0, whiteSpace: 'nowrap', height: 40 }}
          >
            {busy ? <CircularProgress size={18} aria-label="Looking up" /> : 'Look up'}
          </Button>
        </Box>
        {error !== null && <ErrorAlert error={error} title="Lookup failed" />}
        {result && (
          <>
            {result.matches.length === 0 && (
              <Alert severity="info" sx={{ mt: 1 }}>
                No endpoint found for this container.
              </Alert>
            )}
            <List aria-label="Matching endpoints">
              {result.matches.map((m) => (
                <ListItem key={`${m.containerId}:${m.endpointId}`} disablePadding>
                  <ListItemButton onClick={() => jump(m.endpointId)}>
                    <ListItemText
                      primary={`${m.endpointName || m.endpointId} — open`}
                      secondary={`container ${m.containerId.slice(0, 12)} · endpoint ${m.endpointId.slice(0, 8)} · via ${m.source}`}
                    />
                  </ListItemButton>
                </ListItem>
              ))}
            </List>
            {result.notes.map((n) => (
              <Alert key={n} severity="info" sx={{ mt: 0.5 }}>
                {n}
              </Alert>
            ))}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
