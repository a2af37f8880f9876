import { useEndpointDetail } from '../../queries';
import { EndpointDiagnosticsPanel } from './EndpointDiagnosticsPanel';

/** The detail drawer's Diagnostics tab (mounted by the GUI in EndpointDrawer). */
export function EndpointDiagnosticsTab({ endpointId }: { endpointId: string }) {
  const d = useEndpointDetail(endpointId);
  return <EndpointDiagnosticsPanel endpointId={endpointId} localIp={d.data?.summary.ipAddresses[0]} />;
}
