import { Box, Typography } from '@mui/material';

/** hh:mm:ss without Intl: toLocaleTimeString's first call costs ~15 ms, inside the render budget. */
function clock(t: number): string {
  const d = new Date(t);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The status strip's right end: when what the window shows was last read (0: not yet). */
export function LastRefresh({ at }: { at: number }) {
  return (
    <>
      <Box sx={{ flex: 1 }} />
      <Typography variant="caption" color="text.secondary" data-testid="last-refresh">
        {at ? `Last refresh ${clock(at)}` : 'Not refreshed yet'}
      </Typography>
    </>
  );
}
