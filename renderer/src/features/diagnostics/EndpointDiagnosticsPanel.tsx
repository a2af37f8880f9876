import { Alert, Box, CircularProgress, Divider, Stack, Typography } from '@mui/material';
import { CopyButton } from '../../components/CopyButton';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FindingList } from './FindingList';
import { FlowExplainer } from './FlowExplainer';
import { HnsEvents } from './HnsEvents';
import { useEndpointDiagnostics } from './useDiagnostics';
import { TopologyView } from '../topology/TopologyView';

export interface EndpointDiagnosticsPanelProps {
  endpointId: string;
  /** The endpoint's IPv4 address, to pre-fill the flow explainer. */
  localIp?: string;
  /** For the picture's nodes; inside the endpoint's own drawer this is usually a no-op. */
  onOpenEndpoint?: (endpointId: string) => void;
}

/** hcsshim#2571: where HNS says yes and nothing happens, its own event log is the next evidence. */
export const HNS_EVENTS_COMMAND =
  "Get-WinEvent -LogName 'Microsoft-Windows-Host-Network-Service-Admin','Microsoft-Windows-Host-Network-Service-Operational' -MaxEvents 100 | Where-Object Message -match '<endpoint-id>' | Format-List TimeCreated,Id,LevelDisplayName,Message";

/** Everything diagnostic about one endpoint: findings, its picture, and the flow explainer. */
export function EndpointDiagnosticsPanel({
  endpointId,
  localIp,
  onOpenEndpoint = () => undefined,
}: EndpointDiagnosticsPanelProps) {
  const q = useEndpointDiagnostics(endpointId);
  const mismatch = q.data?.findings.some((f) => f.id === 'journal.read-back-mismatch');
  const command = HNS_EVENTS_COMMAND.replace('<endpoint-id>', endpointId);
  return (
    <Stack spacing={2} data-testid="endpoint-diagnostics">
      {q.isPending && <CircularProgress size={24} aria-label="Running diagnostics" />}
      {q.isError && <ErrorAlert error={q.error} title="Diagnostics failed" />}
      {q.data &&
        (q.data.findings.length === 0 ? (
          <Alert severity="success">No problems found in this endpoint’s proxy setup.</Alert>
        ) : (
          <FindingList findings={q.data.findings} />
        ))}
      {mismatch && (
        <Alert severity="warning" data-testid="hns-events-hint">
          HNS accepted a change that the read-back does not show. On the node, its Host Network Service events
          usually say why:
          <Box component="pre" sx={{ fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all', my: 0.5 }}>
            {command}
          </Box>
          <CopyButton text={command} label="Copy command" />
          <HnsEvents endpointId={endpointId} />
        </Alert>
      )}
      <Divider />
      <Box>
        <Typography variant="subtitle2" component="h3" gutterBottom>
          Picture
        </Typography>
        <TopologyView endpointId={endpointId} onOpenEndpoint={onOpenEndpoint} />
      </Box>
      <Divider />
      <FlowExplainer endpointId={endpointId} localIp={localIp} />
    </Stack>
  );
}
