import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Divider,
  Drawer,
  IconButton,
  Stack,
  Tab,
  Tabs,
  Typography,
} from '@mui/material';
import Close from '@mui/icons-material/Close';
import Add from '@mui/icons-material/Add';
import DeleteSweep from '@mui/icons-material/DeleteSweep';
import type { ProxyPolicyView } from '../../../../electron/core/views';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useEndpointDetail } from '../../queries';
import { useUi } from '../../ui-state';
import { EndpointDiagnosticsTab } from '../diagnostics/EndpointDiagnosticsTab';
import { ClearDialog } from '../policies/ClearDialog';
import { usePolicyActions } from '../policies/usePolicyActions';
import { useWritable } from '../status/useWritable';
import { EndpointJournal } from './EndpointJournal';
import { EndpointSummaryPanel } from './EndpointSummaryPanel';
import { ProxyPolicyCard } from './ProxyPolicyCard';
import { RawJson } from './RawJson';
import { DetailNodeName } from '../fleet/DetailNodeName';

type TabId = 'policies' | 'json' | 'journal' | 'diagnostics';

/** A drawer (not a page) so the list, its filter and scroll position stay put behind it. */
export function EndpointDrawer() {
  const ui = useUi();
  const id = ui.openEndpointId;
  return (
    <Drawer
      anchor="right"
      open={id !== null}
      onClose={() => ui.setOpenEndpointId(null)}
      // Focus may leave to the snackbar (Undo) that appears after a change.
      disableEnforceFocus
      slotProps={{
        paper: {
          sx: { width: 'min(760px, calc(100vw - 48px))' },
          role: 'dialog',
          // While closing, the title is already gone: keep the dialog named.
          ...(id !== null ? { 'aria-labelledby': 'detail-title' } : { 'aria-label': 'Endpoint details' }),
        },
      }}
    >
      {id !== null && <DetailBody key={id} id={id} />}
    </Drawer>
  );
}

function DetailBody({ id }: { id: string }) {
  const ui = useUi();
  const q = useEndpointDetail(id);
  const writable = useWritable();
  const actions = usePolicyActions();
  const [tab, setTab] = useState<TabId>('policies');
  const [clearOpen, setClearOpen] = useState(false);
  const name = q.data?.summary.name || id;
  const [confirm, setConfirm] = useState<ProxyPolicyView | null>(null);
  // Policies of the same owner as the one being removed: its mesh's set (service: remove's split check).
  const setSize = confirm?.owner
    ? (q.data?.proxyPolicies.filter((p) => p.owner === confirm.owner).length ?? 0)
    : 0;

  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
      <Stack direction="row" sx={{ alignItems: 'center', px: 2, py: 1, gap: 1 }}>
        <Typography
          id="detail-title"
          variant="h6"
          component="h2"
          sx={{ flex: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' }}
        >
          {name}
        </Typography>
        <DetailNodeName />
        {q.isFetching && <CircularProgress size={18} aria-label="Refreshing endpoint" />}
        <Button
          size="small"
          variant="contained"
          startIcon={<Add />}
          disabled={!writable.ok || !q.data}
          title={writable.reason}
          onClick={() => ui.setAddTargets([id])}
        >
          Add policy
        </Button>
        <Button
          size="small"
          color="error"
          startIcon={<DeleteSweep />}
          disabled={!writable.ok || !q.data || q.data.proxyPolicies.length === 0}
          title={writable.reason}
          onClick={() => setClearOpen(true)}
        >
          Clear all
        </Button>
        <IconButton aria-label="Close details" onClick={() => ui.setOpenEndpointId(null)}>
          <Close />
        </IconButton>
      </Stack>
      <Divider />
      {q.isPending && (
        <Box sx={{ p: 3 }} role="status">
          <CircularProgress size={24} aria-label="Loading endpoint" />
        </Box>
      )}
      {q.isError && (
        <Box sx={{ p: 2 }}>
          <ErrorAlert error={q.error} title="Could not read this endpoint" />
        </Box>
      )}
      {q.data && (
        <>
          <Box sx={{ px: 2, py: 1.5 }}>
            <EndpointSummaryPanel s={q.data.summary} />
          </Box>
          <Tabs
            value={tab}
            onChange={(_e, v: TabId) => setTab(v)}
            aria-label="Endpoint details"
            sx={{ px: 1, borderBottom: 1, borderColor: 'divider' }}
            variant="scrollable"
          >
            <Tab
              value="policies"
              label={`Policies (${q.data.proxyPolicies.length} proxy)`}
              id="tab-policies"
              aria-controls="panel-policies"
            />
            <Tab value="json" label="Raw JSON" id="tab-json" aria-controls="panel-json" />
            <Tab value="journal" label="Journal" id="tab-journal" aria-controls="panel-journal" />
            <Tab
              value="diagnostics"
              label="Diagnostics"
              id="tab-diagnostics"
              aria-controls="panel-diagnostics"
            />
          </Tabs>
          <Box
            role="tabpanel"
            id={`panel-${tab}`}
            aria-labelledby={`tab-${tab}`}
            sx={{ flex: 1, overflow: 'auto', p: 2 }}
          >
            {tab === 'policies' && (
              <Stack spacing={1.5}>
                {q.data.proxyPolicies.length === 0 && (
                  <Alert severity="info">
                    No L4WFPPROXY policy: traffic of this endpoint is not redirected to a proxy.
                  </Alert>
                )}
                {q.data.proxyPolicies.map((v) => (
                  <ProxyPolicyCard
                    key={`${v.index}:${JSON.stringify(v.raw)}`}
                    view={v}
                    removeDisabledReason={writable.ok ? undefined : writable.reason}
                    onRemove={() => {
                      if (v.owner) setConfirm(v);
                      else void actions.remove(id, v);
                    }}
                  />
                ))}
                <Typography variant="subtitle2" component="h3" sx={{ pt: 1 }}>
                  Other policies (read-only)
                </Typography>
                {q.data.otherPolicies.length === 0 ? (
                  <Typography variant="body2" color="text.secondary">
                    None.
                  </Typography>
                ) : (
                  q.data.otherPolicies.map((o, i) => (
                    <RawJson key={i} title={`${o.type} settings`} value={o.settings} />
                  ))
                )}
              </Stack>
            )}
            {tab === 'json' && <RawJson title="Endpoint JSON from HNS" value={q.data.raw} defaultExpanded />}
            {tab === 'journal' && <EndpointJournal endpointId={id} writable={writable.ok} />}
            {tab === 'diagnostics' && <EndpointDiagnosticsTab endpointId={id} />}
          </Box>
          <ConfirmDialog
            open={confirm !== null}
            title={`Remove policy #${confirm?.index ?? ''}?`}
            text={`This policy looks owned by ${confirm?.owner ?? 'another component'}. Removing it can break that component’s traffic, and it may put it back.${setSize > 1 ? ` It is one of ${setSize} policies ${confirm?.owner} writes together: removing it alone leaves ${confirm?.owner} half configured (Clear offers to remove that owner’s whole set).` : ''}`}
            confirmLabel="Remove anyway"
            onCancel={() => setConfirm(null)}
            onConfirm={() => {
              if (confirm) void actions.remove(id, confirm, true);
              setConfirm(null);
            }}
          />
          <ClearDialog
            key={String(clearOpen)}
            open={clearOpen}
            endpointName={name}
            policies={q.data.proxyPolicies}
            onCancel={() => setClearOpen(false)}
            onConfirm={(includeForeign) => {
              setClearOpen(false);
              void actions.clear(id, includeForeign);
            }}
            onConfirmOwner={(owner) => {
              setClearOpen(false);
              void actions.clear(id, false, owner);
            }}
          />
        </>
      )}
    </Box>
  );
}
