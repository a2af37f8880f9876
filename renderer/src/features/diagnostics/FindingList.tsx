import { useState } from 'react';
import { Box, Button, Collapse, Link, List, ListItem, Stack, Typography } from '@mui/material';
import type { Finding } from '../../../../electron/core/views';
import { SeverityIcon } from './severity';

export interface FindingListProps {
  findings: readonly Finding[];
  /** Endpoint names by lower-case id, to label node-wide lists; omit inside one endpoint's panel. */
  endpointNames?: ReadonlyMap<string, string>;
  /** Makes the endpoint name a link that opens its detail. */
  onOpenEndpoint?: (id: string) => void;
}

/** Findings as a list: severity, what is wrong, how to fix it, and the evidence on demand. */
export function FindingList({ findings, endpointNames, onOpenEndpoint }: FindingListProps) {
  return (
    <List dense disablePadding aria-label="Findings">
      {findings.map((f, i) => (
        <FindingItem
          key={`${f.id}:${f.endpointId ?? ''}:${f.policyIndex ?? ''}:${i}`}
          f={f}
          names={endpointNames}
          onOpenEndpoint={onOpenEndpoint}
        />
      ))}
    </List>
  );
}

function FindingItem({
  f,
  names,
  onOpenEndpoint,
}: {
  f: Finding;
  names?: ReadonlyMap<string, string>;
  onOpenEndpoint?: (id: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const name = f.endpointId ? names?.get(f.endpointId) || f.endpointId : undefined;
  return (
    <ListItem
      data-testid="finding"
      data-finding-id={f.id}
      data-severity={f.severity}
      data-endpoint-id={f.endpointId ?? ''}
      data-endpoint-name={name ?? ''}
      sx={{ display: 'block', borderBottom: 1, borderColor: 'divider', py: 1 }}
    >
      <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-start' }}>
        <SeverityIcon severity={f.severity} />
        <Box sx={{ minWidth: 0, flex: 1 }}>
          <Typography variant="body2" sx={{ fontWeight: 500 }}>
            {f.message}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            Fix: {f.fix}
          </Typography>
          <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
            <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
              {f.id}
              {f.policyIndex !== undefined ? ` · policy #${f.policyIndex}` : ''}
            </Typography>
            {name &&
              names &&
              (onOpenEndpoint && f.endpointId ? (
                <Link
                  component="button"
                  variant="caption"
                  onClick={() => onOpenEndpoint(f.endpointId as string)}
                >
                  {name}
                </Link>
              ) : (
                <Typography variant="caption">{name}</Typography>
              ))}
            <Button
              size="small"
              sx={{ minWidth: 0, p: 0 }}
              onClick={() => setOpen(!open)}
              aria-expanded={open}
            >
              {open ? 'Hide evidence' : 'Evidence'}
            </Button>
          </Stack>
          <Collapse in={open} unmountOnExit>
            <Box
              component="pre"
              sx={{
                fontSize: 12,
                m: 0,
                mt: 0.5,
                p: 1,
                bgcolor: 'action.hover',
                borderRadius: 1,
                overflow: 'auto',
                maxHeight: 240,
              }}
            >
              {JSON.stringify(f.evidence, null, 2)}
            </Box>
          </Collapse>
        </Box>
      </Stack>
    </ListItem>
  );
}
