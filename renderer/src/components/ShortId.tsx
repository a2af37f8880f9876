import { Box, Tooltip } from '@mui/material';
import { CopyButton } from './CopyButton';

/** GUIDs are long: show the first block (as hnsdiag users recognise it), full id on hover and copy. */
export function ShortId({ id, label = 'endpoint id' }: { id: string; label?: string }) {
  return (
    <Box
      component="span"
      sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.25, fontFamily: 'monospace' }}
    >
      <Tooltip title={id}>
        <span>{id.slice(0, 8)}</span>
      </Tooltip>
      <CopyButton text={id} label={`Copy ${label} ${id}`} />
    </Box>
  );
}

const COPY_ICON =
  'M16 1H4c-1.1 0-2 .9-2 2v14h2V3h12zm3 4H8c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h11c1.1 0 2-.9 2-2V7c0-1.1-.9-2-2-2m0 16H8V7h11z';

/**
 * The table's version: plain elements, native title (every visible row renders one; MUI Tooltip +
 * IconButton per row cost render time). Out of the Tab order: the row is the tab stop, and the
 * detail drawer has the full id with its own copy button.
 */
export function ShortIdCell({ id }: { id: string }) {
  return (
    <span className="hcn-short-id" title={id}>
      {id.slice(0, 8)}
      <button
        type="button"
        className="hcn-copy"
        tabIndex={-1}
        aria-label={`Copy endpoint id ${id}`}
        title="Copy id"
        onClick={(e) => {
          e.stopPropagation();
          void navigator.clipboard?.writeText(id).catch(() => undefined);
        }}
      >
        <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor">
          <path d={COPY_ICON} />
        </svg>
      </button>
    </span>
  );
}
