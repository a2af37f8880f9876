import { useMemo, useState } from 'react';
import {
  Box,
  Button,
  Chip,
  MenuItem,
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import { WATCH_EVENT_KINDS } from './kinds';
import {
  driftMarks,
  matches,
  NO_FILTER,
  ownerOf,
  whoMade,
  describeEvent,
  type ActivityFilter,
  type ActivityItem,
} from './activity-model';
import { EventDialog } from './EventDialog';
import { useActivityFeed } from './useActivityFeed';

/**
 * The live feed of the node shown or of the fleet: what changed, where, and who made it; filters by
 * node, pod, owner and kind; drift badges; an event opens the endpoint as it was at that moment.
 */
export function ActivityPanel({
  scope,
  onOpenEndpoint,
}: {
  scope: { kind: 'node'; node: string } | { kind: 'fleet' };
  onOpenEndpoint?: (id: string) => void;
}) {
  const [open, setOpen] = useState(false);
  const feed = useActivityFeed(scope, open);
  const [filter, setFilter] = useState<ActivityFilter>(NO_FILTER);
  const [shown, setShown] = useState<ActivityItem | null>(null);
  const rows = useMemo(() => feed.items.filter((i) => matches(i, filter)), [feed.items, filter]);
  const drift = useMemo(() => driftMarks(feed.items), [feed.items]);
  const nodes = useMemo(() => {
    // Every node followed, even one with no change yet; a node seen only in an event keeps its label.
    const byId = new Map((feed.nodes ?? []).map((n) => [n.node, n.label]));
    for (const i of feed.items) if (!byId.has(i.node)) byId.set(i.node, i.label);
    return [...byId].map(([node, label]) => ({ node, label })).sort((a, b) => a.label.localeCompare(b.label));
  }, [feed.items, feed.nodes]);
  const owners = useMemo(
    () => [...new Set(feed.items.map((i) => ownerOf(i.event)).filter(Boolean))].sort(),
    [feed.items],
  );
  const set = (k: keyof ActivityFilter) => (ev: React.ChangeEvent<HTMLInputElement>) =>
    setFilter((f) => ({ ...f, [k]: ev.target.value }));
  return (
    <Paper variant="outlined" component="section" aria-label="Activity" sx={{ mt: 1 }}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, px: 1, py: 0.5 }}>
        <Button
          size="small"
          aria-expanded={open}
          aria-controls="activity-body"
          onClick={() => setOpen((o) => !o)}
        >
          Activity ({feed.items.length})
        </Button>
        {drift.length > 0 && (
          <Chip
            size="small"
            color="warning"
            variant="outlined"
            label={`drift: ${drift.length}`}
            data-testid="activity-drift-count"
          />
        )}
        {feed.note && (
          <Typography variant="caption" color="text.secondary" noWrap data-testid="activity-note">
            {feed.note}
          </Typography>
        )}
      </Box>
      {open && (
        <Box id="activity-body" sx={{ px: 1, pb: 1, maxHeight: '40vh', overflow: 'auto' }}>
          <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', my: 1 }}>
            {scope.kind === 'fleet' && (
              <FilterSelect
                label="Node"
                any="All nodes"
                value={filter.node}
                onChange={set('node')}
                options={nodes.map((n) => ({ value: n.node, label: n.label }))}
              />
            )}
            <TextField size="small" label="Pod or endpoint" value={filter.text} onChange={set('text')} />
            <FilterSelect
              label="Owner"
              any="Any owner"
              value={filter.owner}
              onChange={set('owner')}
              options={owners.map((o) => ({ value: o, label: o }))}
            />
            <FilterSelect
              label="Kind"
              any="Any kind"
              value={filter.kind}
              onChange={set('kind')}
              options={WATCH_EVENT_KINDS.map((k) => ({ value: k, label: k }))}
              minWidth={160}
            />
          </Box>
          {drift.length > 0 && (
            <Box component="ul" aria-label="Drift" sx={{ m: 0, mb: 1, pl: 2 }}>
              {drift.map((d) => (
                <li key={`${d.node}|${d.endpointId}`}>
                  <Typography variant="body2">
                    <Chip size="small" color="warning" label="drift" sx={{ mr: 1 }} />
                    {d.pod ?? d.endpointName}
                    {scope.kind === 'fleet' ? ` on ${d.first.label}` : ''}: {describeEvent(d.first.event)} by{' '}
                    {whoMade(d.first.event)}
                    {d.journalId ? ` (added by journal entry ${d.journalId})` : ''}; first seen{' '}
                    {new Date(d.first.event.time).toLocaleTimeString()}
                  </Typography>
                </li>
              ))}
            </Box>
          )}
          <Table size="small" aria-label="Activity events">
            <TableHead>
              <TableRow>
                <TableCell>Time</TableCell>
                {scope.kind === 'fleet' && <TableCell>Node</TableCell>}
                <TableCell>Change</TableCell>
                <TableCell>Endpoint (pod)</TableCell>
                <TableCell>Owner</TableCell>
                <TableCell>By</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.map((i) => (
                <TableRow
                  key={i.key}
                  hover
                  data-type={i.event.type}
                  sx={{ cursor: 'pointer' }}
                  onClick={() => setShown(i)}
                >
                  <TableCell>
                    <Button size="small" onClick={() => setShown(i)} sx={{ p: 0, minWidth: 0 }}>
                      {new Date(i.event.time).toLocaleTimeString()}
                    </Button>
                  </TableCell>
                  {scope.kind === 'fleet' && <TableCell>{i.label}</TableCell>}
                  <TableCell>
                    {describeEvent(i.event)}
                    {i.event.drift && <Chip size="small" color="warning" label="drift" sx={{ ml: 1 }} />}
                  </TableCell>
                  <TableCell>
                    {i.event.endpoint.name}
                    {i.event.endpoint.pod ? ` (${i.event.endpoint.pod})` : ''}
                  </TableCell>
                  <TableCell>{i.event.policy?.owner ?? ''}</TableCell>
                  <TableCell>{whoMade(i.event)}</TableCell>
                </TableRow>
              ))}
              {rows.length === 0 && (
                <TableRow>
                  <TableCell colSpan={6}>
                    <Typography variant="body2" color="text.secondary">
                      {feed.items.length
                        ? 'No change matches the filters.'
                        : 'No change since the app started watching.'}
                    </Typography>
                  </TableCell>
                </TableRow>
              )}
            </TableBody>
          </Table>
        </Box>
      )}
      <EventDialog
        item={shown}
        onClose={() => setShown(null)}
        {...(onOpenEndpoint && scope.kind === 'node'
          ? {
              onOpenEndpoint: (id: string) => {
                setShown(null);
                onOpenEndpoint(id);
              },
            }
          : {})}
      />
    </Paper>
  );
}

/** One of the feed's filters: a select whose empty value (`any`) lets everything through. */
function FilterSelect(props: {
  label: string;
  any: string;
  value: string;
  onChange: (ev: React.ChangeEvent<HTMLInputElement>) => void;
  options: Array<{ value: string; label: string }>;
  minWidth?: number;
}) {
  return (
    <TextField
      select
      size="small"
      label={props.label}
      value={props.value}
      onChange={props.onChange}
      sx={{ minWidth: props.minWidth ?? 140 }}
    >
      <MenuItem value="">{props.any}</MenuItem>
      {props.options.map((o) => (
        <MenuItem key={o.value} value={o.value}>
          {o.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
