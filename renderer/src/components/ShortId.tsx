import { Box, Tooltip } from '@mui/material';
import { CopyButton } from './CopyButton';

/** GUIDs are long: show the first block (as hnsdiag users recognise it), full id on hover and copy. */
export function ShortId({ id, label = 'endpoint id' }: { id: string; label?: string }) {
  return (
    <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.25, fontFamily: 'monospace' }}>
      <Tooltip title={id}>
        <span>{id.slice(0, 8)}</span>
      </Tooltip>
      <CopyButton text={id} label={`Copy ${label} ${id}`} />
    </Box>
  );
}
