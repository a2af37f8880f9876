import { Box, Chip, Tooltip, Typography } from '@mui/material';
import Storage from '@mui/icons-material/Storage';
import AdminPanelSettings from '@mui/icons-material/AdminPanelSettings';
import Lock from '@mui/icons-material/Lock';
import CheckCircle from '@mui/icons-material/CheckCircle';
import ErrorOutline from '@mui/icons-material/ErrorOutlined';
import { useEndpoints, useHnsInfo } from '../../queries';
import { HealthChip } from '../diagnostics/HealthChip';
import { describeError } from '../../api';
import { UnverifiedVersionAction } from './UnverifiedVersionAction';

/** hh:mm:ss without Intl: toLocaleTimeString's first call costs ~15 ms, inside the render budget. */
function clock(t: number): string {
  const d = new Date(t);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** Where am I and can I write: backend, HNS version + L4WFPPROXY support, elevation, freshness. */
export function StatusStrip() {
  const info = useHnsInfo();
  const list = useEndpoints();
  const i = info.data;
  const version = i?.version
    ? `HNS ${i.version.major}.${i.version.minor}${i.versionNote ? ` (${i.versionNote.split(':')[0]})` : ''}`
    : `HNS version unknown${i?.versionNote ? ` (${i.versionNote})` : ''}`;
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
      <Box sx={{ flex: 1 }} />
      <Typography variant="caption" color="text.secondary" data-testid="last-refresh">
        {list.dataUpdatedAt ? `Last refresh ${clock(list.dataUpdatedAt)}` : 'Not refreshed yet'}
      </Typography>
    </Box>
  );
}
