import { useState } from 'react';
import { AppBar, Box, Button, Toolbar, Tooltip, Typography } from '@mui/material';
import ManageSearch from '@mui/icons-material/ManageSearch';
import FileDownload from '@mui/icons-material/FileDownload';
import FolderOpen from '@mui/icons-material/FolderOpen';
import { describeError } from './api';
import { ActivityPanel } from './features/activity/ActivityPanel';
import { EndpointDrawer } from './features/detail/EndpointDrawer';
import { EndpointsView } from './features/endpoints/EndpointsView';
import { FleetView } from './features/fleet/FleetView';
import { useNodes } from './features/nodes/node-context';
import { NodeSwitcher } from './features/nodes/NodeSwitcher';
import { LookupDialog } from './features/lookup/LookupDialog';
import { useNotify } from './features/notify/Notifier';
import { AddPolicyDialog } from './features/policy-form/AddPolicyDialog';
import { exportSnapshot } from './features/snapshot/download';
import { OpenSnapshotDialog } from './features/snapshot/OpenSnapshotDialog';
import { ElevationBanner, OfflineBanner } from './features/status/Banners';
import { StatusStrip } from './features/status/StatusStrip';
import { plural } from '../../electron/base/plural';
import { useUi } from './ui-state';

export function AppShell() {
  const notify = useNotify();
  const nodes = useNodes();
  const ui = useUi();
  const [lookupOpen, setLookupOpen] = useState(false);
  const [openSnapOpen, setOpenSnapOpen] = useState(false);
  const exportAll = async () => {
    try {
      const r = await exportSnapshot();
      notify({ message: `Exported ${plural(r.endpointCount, 'endpoint')} to ${r.fileName}.` });
    } catch (e) {
      const d = describeError(e);
      notify({ severity: 'error', message: `Export failed: ${d.title}${d.detail ? ` — ${d.detail}` : ''}` });
    }
  };
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100vh', minWidth: 0 }}>
      <AppBar position="static" elevation={0}>
        <Toolbar variant="dense" sx={{ gap: 1 }}>
          <Typography variant="h6" component="h1" sx={{ flex: 1, whiteSpace: 'nowrap' }}>
            HCN Proxy Control
          </Typography>
          <NodeSwitcher />
          <Tooltip title="Which endpoint does a container use?" describeChild>
            <Button color="inherit" startIcon={<ManageSearch />} onClick={() => setLookupOpen(true)}>
              Find container
            </Button>
          </Tooltip>
          <Button color="inherit" startIcon={<FileDownload />} onClick={() => void exportAll()}>
            Export all
          </Button>
          <Button color="inherit" startIcon={<FolderOpen />} onClick={() => setOpenSnapOpen(true)}>
            Open snapshot
          </Button>
        </Toolbar>
      </AppBar>
      {/* Both describe the one node shown (this process's rights, an opened snapshot); the fleet's
          nodes each answer through their own agent, so in the fleet view they would mislead. */}
      {nodes.view !== 'fleet' && (
        <>
          <OfflineBanner />
          <ElevationBanner />
        </>
      )}
      <StatusStrip />
      <Box component="main" sx={{ flex: 1, minHeight: 0, p: 2 }}>
        {nodes.view === 'fleet' ? <FleetView /> : <EndpointsView />}
      </Box>
      <Box sx={{ px: 2, pb: 1 }}>
        <ActivityPanel
          scope={nodes.view === 'fleet' ? { kind: 'fleet' } : { kind: 'node', node: nodes.node }}
          onOpenEndpoint={ui.setOpenEndpointId}
        />
      </Box>
      <EndpointDrawer />
      <AddPolicyDialog />
      <LookupDialog key={`lookup-${lookupOpen}`} open={lookupOpen} onClose={() => setLookupOpen(false)} />
      <OpenSnapshotDialog
        key={`open-${openSnapOpen}`}
        open={openSnapOpen}
        onClose={() => setOpenSnapOpen(false)}
      />
    </Box>
  );
}
