import { memo, useMemo, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
} from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import type { FleetApply } from '../../../../electron/ipc/fleet-schema';
import { api, describeError, unwrap } from '../../api';
import { BulkResults } from '../policy-form/BulkResults';
import { splitRowKey, type FleetRow } from './fleet-columns';
import { NodeSection } from './NodeSection';
import { undoApplyOnNode } from './undo';
import { plural } from '../../../../electron/base/plural';
import { endpointLabels } from '../../endpoint-label';

/**
 * One L4WFPPROXY policy on endpoints of several nodes: each node's agent applies it to its own
 * endpoints and journals it there; results per node and per endpoint, and Undo per node.
 */
export const FleetApplyDialog = memo(function FleetApplyDialog({
  open,
  onClose,
  selected,
  rows,
}: {
  open: boolean;
  onClose: () => void;
  selected: ReadonlySet<string>;
  rows: readonly FleetRow[];
}) {
  const qc = useQueryClient();
  const [inbound, setInbound] = useState('15006');
  const [outbound, setOutbound] = useState('15001');
  const [sid, setSid] = useState('S-1-5-18');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [result, setResult] = useState<FleetApply | null>(null);
  const [undone, setUndone] = useState<Record<string, string>>({});
  const byNode = new Map<string, string[]>();
  for (const k of selected) {
    const { node, endpointId } = splitRowKey(k);
    byNode.set(node, [...(byNode.get(node) ?? []), endpointId]);
  }
  // Only once there are results to name (10,000 fleet rows: not on every filter keystroke).
  const names = useMemo(() => (result ? endpointLabels(rows) : new Map<string, string>()), [rows, result]);
  const apply = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(
        await unwrap(
          api.fleet.apply({
            targets: [...byNode].map(([node, endpointIds]) => ({ node, endpointIds })),
            policy: { inboundProxyPort: inbound, outboundProxyPort: outbound, userSid: sid },
          }),
        ),
      );
    } catch (e) {
      const d = describeError(e);
      setError(d.issues?.map((i) => `${i.field}: ${i.message}`).join(' ') || d.title);
    } finally {
      setBusy(false);
      void qc.invalidateQueries({ queryKey: ['fleet'] });
    }
  };
  const undo = async (node: string, label: string, r: Extract<FleetApply['nodes'][number], { ok: true }>) => {
    const u = await undoApplyOnNode(node, r.value);
    setUndone((p) => ({
      ...p,
      [node]: `Undone on ${label}: removed ${u.removed} policy(ies)${u.failed.length ? `; not removed: ${u.failed.join('; ')}` : ''}.`,
    }));
    void qc.invalidateQueries({ queryKey: ['fleet'] });
  };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="fleet-apply-title">
      <DialogTitle id="fleet-apply-title">
        Add a proxy policy to {plural(selected.size, 'endpoint')} on {plural(byNode.size, 'node')}
      </DialogTitle>
      <DialogContent dividers>
        {!result && (
          <Box sx={{ display: 'flex', gap: 2, flexWrap: 'wrap', pt: 1 }}>
            <TextField
              label="Inbound proxy port"
              value={inbound}
              onChange={(e) => setInbound(e.target.value)}
            />
            <TextField
              label="Outbound proxy port"
              value={outbound}
              onChange={(e) => setOutbound(e.target.value)}
            />
            <TextField
              label="Proxy user SID (exempt)"
              value={sid}
              onChange={(e) => setSid(e.target.value)}
              sx={{ minWidth: 260 }}
            />
          </Box>
        )}
        {error && (
          <Alert severity="error" sx={{ mt: 1 }}>
            {error}
          </Alert>
        )}
        {result?.nodes.map((n) => (
          <NodeSection
            key={n.node}
            node={n.node}
            label={n.label}
            purpose="Results on"
            action={
              n.ok &&
              n.value.succeeded > 0 &&
              !undone[n.node] && (
                <Button size="small" onClick={() => void undo(n.node, n.label, n)}>
                  Undo on {n.label}
                </Button>
              )
            }
          >
            {n.ok ? (
              <BulkResults result={n.value} names={names} />
            ) : (
              <Alert severity="error">
                Not applied on {n.label}: {n.error.message}
              </Alert>
            )}
            {undone[n.node] && (
              <Alert severity="info" role="status">
                {undone[n.node]}
              </Alert>
            )}
          </NodeSection>
        ))}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{result ? 'Close' : 'Cancel'}</Button>
        {!result && (
          <Button variant="contained" disabled={busy || selected.size === 0} onClick={() => void apply()}>
            Apply to {plural(byNode.size, 'node')}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
});
