import type { ReactNode } from 'react';
import { Box, Typography } from '@mui/material';

/**
 * One node's part of a fleet-wide answer (diagnostics, bulk apply results): a region named
 * "<purpose> <node label>" for screen readers and tests, the label as its heading (with a summary
 * after it), an optional action beside the heading, then the node's own content.
 */
export function NodeSection(p: {
  node: string;
  label: string;
  /** "Diagnostics of", "Results on": with the label, the section's accessible name. */
  purpose: string;
  summary?: string;
  action?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Box component="section" aria-label={`${p.purpose} ${p.label}`} data-node={p.node} sx={{ mb: 2 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600, flex: 1 }}>
          {p.label}
          {p.summary}
        </Typography>
        {p.action}
      </Box>
      {p.children}
    </Box>
  );
}
