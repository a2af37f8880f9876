import { useState } from 'react';
import { Box, Button, Divider, IconButton, ListItemText, Menu, MenuItem, Tooltip } from '@mui/material';
import Dns from '@mui/icons-material/Dns';
import Hub from '@mui/icons-material/Hub';
import Refresh from '@mui/icons-material/Refresh';
import AddLink from '@mui/icons-material/AddLink';
import TravelExplore from '@mui/icons-material/TravelExplore';
import { useQueryClient } from '@tanstack/react-query';
import type { NodeInfo } from '../../../../electron/ipc/fleet-schema';
import { plural } from '../../../../electron/base/plural';
import { api, describeError, unwrap } from '../../api';
import { useNotify } from '../notify/Notifier';
import { AddNodeDialog } from './AddNodeDialog';
import { nodesKey, useNodeList, useNodes } from './node-context';

/** One line for people: connected with the node's HNS, connecting, or unreachable and why. */
export function nodeStatusText(n: NodeInfo): string {
  switch (n.status) {
    case 'connected':
      return `connected${n.hnsVersion ? ` · HNS ${n.hnsVersion}` : ''}${n.hostname ? ` · ${n.hostname}` : ''}`;
    case 'connecting':
      return 'connecting…';
    case 'unreachable':
      return `unreachable: ${n.error?.message ?? 'no answer'}`;
    case 'host-key':
      return `host key not confirmed (${n.hostKey?.fingerprint ?? '?'})`;
    default:
      return 'not connected yet';
  }
}

const DOT: Record<NodeInfo['status'], string> = {
  connected: 'success.main',
  connecting: 'info.main',
  unreachable: 'error.main',
  'host-key': 'warning.main',
  idle: 'text.disabled',
};

/** The app bar's node switcher: this machine, SSH nodes, the kubeconfig's Windows nodes, the fleet. */
export function NodeSwitcher() {
  const nodes = useNodes();
  const qc = useQueryClient();
  const notify = useNotify();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  const list = useNodeList(anchor !== null);
  const [adding, setAdding] = useState(false);
  const current = list.data?.find((n) => n.id === nodes.node);
  const retry = async (n: NodeInfo) => {
    try {
      const r = await unwrap(api.nodes.connect({ node: n.id }));
      notify({
        severity: r.status === 'connected' ? 'success' : 'error',
        message: `${r.label}: ${nodeStatusText(r)}`,
      });
    } catch (e) {
      notify({ severity: 'error', message: `${n.label}: ${describeError(e).title}` });
    }
    void qc.invalidateQueries({ queryKey: nodesKey });
    void qc.invalidateQueries({ queryKey: ['fleet'] });
  };
  // The kubeconfig is read only now, at the user's request; main asks (natively) before its
  // credentials or any command it names are used.
  const discover = async () => {
    try {
      const found = await unwrap(api.nodes.discover({}));
      const k8s = found.filter((n) => n.kind === 'k8s').length;
      notify({
        severity: 'success',
        message: `${plural(k8s, 'Kubernetes node')} listed; each asks before it is connected.`,
      });
    } catch (e) {
      notify({ severity: 'error', message: `Kubernetes nodes: ${describeError(e).title}` });
    }
    void qc.invalidateQueries({ queryKey: nodesKey });
  };
  const title = nodes.view === 'fleet' ? 'All nodes (fleet)' : (current?.label ?? nodes.node);
  return (
    <>
      <Button
        color="inherit"
        startIcon={nodes.view === 'fleet' ? <Hub /> : <Dns />}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        aria-label={`Node: ${title}`}
        onClick={(e) => {
          setAnchor(e.currentTarget);
          void list.refetch();
        }}
        sx={{ textTransform: 'none', maxWidth: 320 }}
      >
        <Box component="span" sx={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
          {title}
        </Box>
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        <MenuItem
          selected={nodes.view === 'fleet'}
          onClick={() => {
            nodes.setView('fleet');
            setAnchor(null);
          }}
        >
          <Hub fontSize="small" sx={{ mr: 1 }} />
          <ListItemText primary="All nodes (fleet view)" secondary="endpoints of every node in one table" />
        </MenuItem>
        <Divider />
        {(list.data ?? []).map((n) => (
          <MenuItem
            key={n.id}
            selected={nodes.view === 'node' && n.id === nodes.node}
            data-node={n.id}
            data-status={n.status}
            onClick={() => {
              nodes.selectNode(n.id);
              setAnchor(null);
            }}
            sx={{ gap: 1, maxWidth: 560 }}
          >
            <Box
              component="span"
              aria-hidden="true"
              sx={{ width: 10, height: 10, borderRadius: '50%', bgcolor: DOT[n.status], flexShrink: 0 }}
            />
            <ListItemText
              primary={n.label}
              secondary={nodeStatusText(n)}
              slotProps={{ secondary: { sx: { whiteSpace: 'normal' } } }}
            />
            {(n.status === 'unreachable' || n.status === 'idle') && (
              <Tooltip title="Connect again">
                <IconButton
                  size="small"
                  aria-label={`Retry ${n.label}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    void retry(n);
                  }}
                >
                  <Refresh fontSize="small" />
                </IconButton>
              </Tooltip>
            )}
          </MenuItem>
        ))}
        <Divider />
        <MenuItem
          onClick={() => {
            setAnchor(null);
            setAdding(true);
          }}
        >
          <AddLink fontSize="small" sx={{ mr: 1 }} />
          Add SSH node…
        </MenuItem>
        <MenuItem
          onClick={() => {
            setAnchor(null);
            void discover();
          }}
        >
          <TravelExplore fontSize="small" sx={{ mr: 1 }} />
          Find Kubernetes nodes…
        </MenuItem>
      </Menu>
      <AddNodeDialog key={`add-${adding}`} open={adding} onClose={() => setAdding(false)} />
    </>
  );
}
