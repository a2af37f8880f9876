import { Box, Chip, Tooltip } from '@mui/material';
import Storage from '@mui/icons-material/Storage';
import AdminPanelSettings from '@mui/icons-material/AdminPanelSettings';
import Lock from '@mui/icons-material/Lock';
import CheckCircle from '@mui/icons-material/CheckCircle';
import ErrorOutline from '@mui/icons-material/ErrorOutlined';
import { useEndpoints, useHnsInfo } from '../../queries';
import { HealthChip } from '../diagnostics/HealthChip';
import { describeError } from '../../api';
import { FleetStatus } from '../fleet/FleetStatus';
import { useNodes } from '../nodes/node-context';
import { LastRefresh } from './LastRefresh';
import { UnverifiedVersionAction } from './UnverifiedVersionAction';

/**
 * Where am I and can I write. One node: backend, HNS version + L4WFPPROXY support, elevation,
 * health, freshness. The fleet view: the fleet's node states (the node the window showed last is
 * not what the user is looking at).
 */
export function StatusStrip() {
  const { view } = useNodes();
  return (
    <Box
      component="section"
      aria-label="Status"
      sx={{
        display: 'flex',
        alignItems: 'center',
        gap: 1,
        px: 2,
        py: 0.75,
        flexWrap: 'wrap',
        borderBottom: 1,
        borderColor: 'divider',
      }}
    >
      {view === 'fleet' ? <FleetStatus /> : <NodeStatus />}
    </Box>
  );
}

function NodeStatus() {
  const info = useHnsInfo();
  const list = useEndpoints();
  const i = info.data;
  const version = i?.version
    ? `HNS ${i.version.major}.${i.version.minor}${i.versionNote ? ` (${i.versionNote.split(':')[0]})` : ''}`
    : `HNS version unknown${i?.versionNote ? ` (${i.versionNote})` : ''}`;
  return (
    <>
      {info.isError && (
        <Chip
          size="small"
          color="error"
          icon={<ErrorOutline />}
          label={`Status unavailable: ${describeError(info.error).title}`}
        />
      )}
      {i && (
        <>
          <Tooltip title={i.snapshotFile ? `Snapshot file ${i.snapshotFile}` : `Backend: ${i.backend}`}>
            <Chip
              size="small"
              variant="outlined"
              icon={<Storage />}
              label={i.backendLabel}
              data-testid="backend-chip"
            />
          </Tooltip>
          <Tooltip
            title={
              i.versionError ??
              (i.l4WfpProxySupported
                ? 'L4WFPPROXY policies are supported (HNS 13.2+).'
                : 'L4WFPPROXY needs HNS 13.2 or later.')
            }
          >
            <Chip
              size="small"
              variant="outlined"
              color={i.l4WfpProxySupported ? 'success' : 'warning'}
              icon={i.l4WfpProxySupported ? <CheckCircle /> : <ErrorOutline />}
              label={`${version} · L4WFPPROXY ${i.l4WfpProxySupported ? 'supported' : 'not supported'}`}
            />
          </Tooltip>
          <UnverifiedVersionAction info={i} />
          <Chip
            size="small"
            variant="outlined"
            color={i.elevated ? 'default' : 'warning'}
            icon={i.elevated ? <AdminPanelSettings /> : <Lock />}
            label={i.elevated ? 'Administrator' : 'Read-only'}
          />
        </>
      )}
      <HealthChip />
      <LastRefresh at={list.dataUpdatedAt} />
    </>
  );
}
