import { Chip } from '@mui/material';
import HealthAndSafety from '@mui/icons-material/HealthAndSafety';
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../../api';

// Placeholder for issue 7 (node-wide health summary): shows diagnostics.all counts once that
// service exists; until then (not-implemented or any failure) it renders nothing.
export function HealthChip() {
  const q = useQuery({ queryKey: ['diagnostics', 'all'], queryFn: () => unwrap(api.diagnostics.all({})) });
  if (!q.data) return null;
  const { error, warning } = q.data.counts;
  const color = error > 0 ? 'error' : warning > 0 ? 'warning' : 'success';
  return (
    <Chip
      size="small"
      variant="outlined"
      color={color}
      icon={<HealthAndSafety />}
      label={error + warning === 0 ? 'Healthy' : `${error} errors · ${warning} warnings`}
      data-testid="health-chip"
    />
  );
}
