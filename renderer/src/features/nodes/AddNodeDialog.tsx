import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import type { NodeInfo } from '../../../../electron/ipc/fleet-schema';
import { api, describeError, unwrap } from '../../api';
import { nodesKey } from './node-context';
import { nodeStatusText } from './NodeSwitcher';

/**
 * Adds an SSH node. The app reads the node's host key first; one known_hosts does not trust yet is
 * shown with its SHA256 fingerprint and pinned only when the user confirms it (nodes.pinHostKey).
 */
export function AddNodeDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const qc = useQueryClient();
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [node, setNode] = useState<NodeInfo | null>(null);
  const run = async (f: () => Promise<NodeInfo>) => {
    setBusy(true);
    setError(null);
    try {
      setNode(await f());
    } catch (e) {
      const d = describeError(e);
      setError(d.issues?.[0]?.message ?? d.title);
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: nodesKey });
      void qc.invalidateQueries({ queryKey: ['fleet'] });
    }
  };
  const key = node?.status === 'host-key' ? node.hostKey : undefined;
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="add-node-title">
      <DialogTitle id="add-node-title">Add SSH node</DialogTitle>
      <DialogContent>
        {!node && (
          <TextField
            autoFocus
            fullWidth
            margin="dense"
            label="SSH target"
            placeholder="ssh://administrator@win-node-1"
            helperText="ssh://[user@]host[:port] — the node runs OpenSSH Server and hcnproxyctl.exe (README: Managing remote nodes)"
            value={target}
            onChange={(e) => setTarget(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && target) void run(() => unwrap(api.nodes.add({ target })));
            }}
          />
        )}
        {key && node && (
          <Box role="group" aria-label="Host key">
            <Alert severity={key.status === 'unknown' ? 'warning' : 'error'} sx={{ mb: 1 }}>
              {key.status === 'unknown'
                ? `${node.label} presents a host key that ${key.knownHostsFile} does not know yet.`
                : key.status === 'changed'
                  ? `REMOTE HOST IDENTIFICATION HAS CHANGED for ${node.label}: ${key.knownHostsFile} holds ${key.knownFingerprint}. Someone may be intercepting the connection, or the node was reinstalled. The app does not replace a known key: check the key on the node itself, and only if it matches, remove the old entry (ssh-keygen -R) and add the node again.`
                  : `This host key is revoked in ${key.knownHostsFile}.`}
            </Alert>
            <Typography variant="body2">{key.keyType} key fingerprint:</Typography>
            <Typography component="code" data-testid="host-key-fingerprint" sx={{ fontFamily: 'monospace' }}>
              {key.fingerprint}
            </Typography>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
              Compare it on the node (PowerShell): ssh-keygen -lf $env:ProgramData\ssh\ssh_host_
              {key.keyType.startsWith('ecdsa-') ? 'ecdsa' : key.keyType.replace(/^ssh-/, '')}_key.pub
            </Typography>
          </Box>
        )}
        {node && !key && (
          <Alert severity={node.status === 'connected' ? 'success' : 'error'} role="status">
            {node.label}: {nodeStatusText(node)}
          </Alert>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {error}
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{node && !key ? 'Close' : 'Cancel'}</Button>
        {!node && (
          <Button
            variant="contained"
            disabled={!target || busy}
            onClick={() => void run(() => unwrap(api.nodes.add({ target })))}
          >
            Add
          </Button>
        )}
        {key && node && key.status === 'unknown' && (
          <Button
            variant="contained"
            disabled={busy}
            onClick={() =>
              void run(() => unwrap(api.nodes.pinHostKey({ node: node.id, fingerprint: key.fingerprint })))
            }
          >
            Trust this key and connect
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
