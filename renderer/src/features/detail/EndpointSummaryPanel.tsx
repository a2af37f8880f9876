import { Box, Typography } from '@mui/material';
import type { EndpointSummary } from '../../../../electron/core/views';
import { ShortId } from '../../components/ShortId';

export function EndpointSummaryPanel({ s }: { s: EndpointSummary }) {
  const rows: [string, React.ReactNode][] = [
    ['Endpoint ID', <ShortId key="id" id={s.id} />],
    ['Network', s.networkName || s.networkId || '—'],
    ['IP addresses', s.ipAddresses.join(', ') || '—'],
    ['MAC', s.macAddress || '—'],
    ['Namespace', s.namespaceId ? <ShortId key="ns" id={s.namespaceId} label="namespace id" /> : 'none'],
    ['Containers', s.containerIds.length ? s.containerIds.map((c) => c.slice(0, 12)).join(', ') : 'none'],
    ['Other policies', s.otherPolicyTypes.join(', ') || 'none'],
    ['Remote endpoint', s.isRemote ? 'yes' : 'no'],
  ];
  return (
    <Box
      component="dl"
      sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}
    >
      {rows.map(([k, v]) => (
        <Box key={k} sx={{ display: 'contents' }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {k}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, wordBreak: 'break-all' }}>
            {v}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
