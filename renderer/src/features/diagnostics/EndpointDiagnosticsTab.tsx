import { Alert } from '@mui/material';

// Placeholder for issue 7 (diagnostics panel per endpoint): the detail drawer already has the tab;
// the diagnostics engineer replaces this body with the findings for `endpointId`.
export function EndpointDiagnosticsTab({ endpointId: _endpointId }: { endpointId: string }) {
  return <Alert severity="info">Diagnostics for this endpoint arrive with the diagnostics engine.</Alert>;
}
