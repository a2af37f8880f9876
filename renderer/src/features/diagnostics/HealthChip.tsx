import { useState } from 'react';
import { Box, Chip, Dialog, DialogContent, DialogTitle, IconButton, Tab, Tabs } from '@mui/material';
import Close from '@mui/icons-material/Close';
import HealthAndSafety from '@mui/icons-material/HealthAndSafety';
import { useUi } from '../../ui-state';
import { TopologyView } from '../topology/TopologyView';
import { NodeHealthSummary } from './NodeHealthSummary';
import { useNodeDiagnostics } from './useDiagnostics';
import { plural } from '../../../../electron/base/plural';

/**
 * The status strip's node-health chip (mounted by the GUI in StatusStrip). Clicking it opens the
 * node-wide health summary and the topology picture; clicking a finding or a node opens that
 * endpoint's detail drawer.
 */
export function HealthChip() {
  const q = useNodeDiagnostics();
  const ui = useUi();
  const [open, setOpen] = useState(false);
  const [tab, setTab] = useState<'findings' | 'topology'>('findings');
  if (!q.data) return null;
  const { error, warning } = q.data.counts;
  const color = error > 0 ? 'error' : warning > 0 ? 'warning' : 'success';
  const openEndpoint = (id: string) => {
    setOpen(false);
    ui.setOpenEndpointId(id);
  };
  return (
    <>
      <Chip
        size="small"
        variant="outlined"
        color={color}
        icon={<HealthAndSafety />}
        label={
          error + warning === 0 ? 'Healthy' : `${plural(error, 'error')} · ${plural(warning, 'warning')}`
        }
        onClick={() => setOpen(true)}
        aria-haspopup="dialog"
        data-testid="health-chip"
      />
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        maxWidth="lg"
        fullWidth
        aria-labelledby="node-health-title"
      >
        <DialogTitle id="node-health-title" sx={{ pr: 6 }}>
          Node health
          <IconButton
            aria-label="Close node health"
            onClick={() => setOpen(false)}
            sx={{ position: 'absolute', right: 8, top: 8 }}
          >
            <Close />
          </IconButton>
        </DialogTitle>
        <Tabs
          value={tab}
          onChange={(_e, v: 'findings' | 'topology') => setTab(v)}
          aria-label="Node health views"
          sx={{ px: 2, borderBottom: 1, borderColor: 'divider' }}
        >
          <Tab value="findings" label="Findings" />
          <Tab value="topology" label="Topology" />
        </Tabs>
        <DialogContent>
          <Box sx={{ minHeight: 200 }}>
            {tab === 'findings' ? (
              <NodeHealthSummary onOpenEndpoint={openEndpoint} />
            ) : (
              <TopologyView onOpenEndpoint={openEndpoint} />
            )}
          </Box>
        </DialogContent>
      </Dialog>
    </>
  );
}
