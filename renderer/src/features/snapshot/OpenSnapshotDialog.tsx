import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  TextField,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import { MAX_SNAPSHOT_BYTES } from '../../../../electron/ipc/channels';
import { api, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useUi } from '../../ui-state';
import { useNotify } from '../notify/Notifier';
import { fileToBase64 } from './download';
import { snapshotKey } from './snapshot-state';

/** The file goes to main as base64 (UTF-16 PowerShell exports survive), never as a path. */
export function OpenSnapshotDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const ui = useUi();
  const notify = useNotify();
  const [file, setFile] = useState<File | null>(null);
  const [editable, setEditable] = useState(false);
  // Empty: the file's own version, or 13.2+ inferred from its L4WFPPROXY policies.
  const [hnsVersion, setHnsVersion] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    try {
      if (file.size > MAX_SNAPSHOT_BYTES)
        throw new Error(`The file is larger than ${MAX_SNAPSHOT_BYTES / 1024 / 1024} MB.`);
      const r = await unwrap(
        api.snapshot.open({
          fileName: file.name,
          contentBase64: await fileToBase64(file),
          editable,
          ...(hnsVersion.trim() ? { hnsVersion: hnsVersion.trim() } : {}),
        }),
      );
      ui.setOpenEndpointId(null);
      ui.setSelected(new Set());
      await qc.resetQueries();
      qc.setQueryData(snapshotKey, r);
      notify({
        severity: r.warnings.length ? 'warning' : 'info',
        message: `Opened ${r.fileName} (${r.format}, ${r.endpointCount} endpoints${r.hnsVersion ? `, HNS ${r.hnsVersion.major}.${r.hnsVersion.minor}${r.versionNote ? ` ${r.versionNote}` : ''}` : ''}).${r.warnings.length ? ` ${r.warnings.join(' ')}` : ''}`,
      });
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="open-snap-title">
      <DialogTitle id="open-snap-title">Open a snapshot</DialogTitle>
      <DialogContent>
        <DialogContentText>
          This app’s export, <code>hnsdiag list endpoints -df</code> output or{' '}
          <code>Get-HnsEndpoint | ConvertTo-Json -Depth 10</code>. The snapshot replaces the live view until
          you close it.
        </DialogContentText>
        <Box sx={{ my: 2 }}>
          <Button component="label" variant="outlined">
            Choose file…
            <input
              hidden
              type="file"
              accept=".json,.txt,application/json"
              aria-label="Snapshot file"
              data-testid="snapshot-file"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
          </Button>
          <Box component="span" sx={{ ml: 2 }}>
            {file ? `${file.name} (${Math.ceil(file.size / 1024)} kB)` : 'No file chosen'}
          </Box>
        </Box>
        <FormControlLabel
          control={<Checkbox checked={editable} onChange={(e) => setEditable(e.target.checked)} />}
          label="Edit a copy (changes stay in this app; they never reach any node)"
        />
        <TextField
          label="HNS version (optional)"
          placeholder="e.g. 13.2"
          size="small"
          value={hnsVersion}
          onChange={(e) => setHnsVersion(e.target.value)}
          helperText="Leave empty to use the file’s version, or 13.2+ inferred when it holds L4WFPPROXY policies."
          sx={{ mt: 1, mb: 1, display: 'flex' }}
        />
        {editable && (
          <Alert severity="info">You can add and remove policies on the copy and export it again.</Alert>
        )}
        {error !== null && <ErrorAlert error={error} title="Could not open the snapshot" />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button variant="contained" disabled={!file || busy} onClick={() => void go()}>
          {busy ? <CircularProgress size={18} aria-label="Opening" /> : 'Open'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
