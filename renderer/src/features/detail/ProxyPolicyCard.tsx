import { Box, Button, Card, CardActions, CardContent, Chip, Stack, Typography } from '@mui/material';
import Delete from '@mui/icons-material/Delete';
import Warning from '@mui/icons-material/Warning';
import type { ProxyPolicyView } from '../../../../electron/core/views';
import { sidLabel } from './policy-text';

function Row({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography
        component="dd"
        variant="body2"
        sx={{ m: 0, fontFamily: 'monospace', wordBreak: 'break-all' }}
      >
        {value}
      </Typography>
    </>
  );
}

const list = (xs: readonly (string | number)[]) => (xs.length ? xs.join(', ') : 'any');

/** An L4WFPPROXY policy as an admin reads it, flags first (they explain surprises). */
export function ProxyPolicyCard({
  view,
  onRemove,
  removeDisabledReason,
}: {
  view: ProxyPolicyView;
  onRemove: () => void;
  removeDisabledReason?: string;
}) {
  const p = view.policy;
  return (
    <Card variant="outlined" component="article" aria-label={`Proxy policy ${view.index}`}>
      <CardContent sx={{ pb: 0 }}>
        <Stack
          direction="row"
          spacing={1}
          sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap', rowGap: 0.5 }}
        >
          <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
            Proxy policy #{view.index}
          </Typography>
          {p?.inboundProxyPort !== undefined && (
            <Chip size="small" color="primary" label={`Inbound → ${p.inboundProxyPort}`} />
          )}
          {p?.outboundProxyPort !== undefined && (
            <Chip size="small" color="secondary" label={`Outbound → ${p.outboundProxyPort}`} />
          )}
          {view.owner && (
            <Chip size="small" color="warning" icon={<Warning />} label={`Owned by ${view.owner}?`} />
          )}
          {view.legacyPort !== undefined && (
            <Chip
              size="small"
              color="warning"
              label={`Legacy Port ${view.legacyPort} (ignored by current HNS)`}
            />
          )}
          {view.unknownFields.length > 0 && (
            <Chip
              size="small"
              variant="outlined"
              label={`Unknown fields: ${view.unknownFields.join(', ')}`}
            />
          )}
          {view.flags.includes('unparseable') && (
            <Chip size="small" color="error" label="Could not be parsed" />
          )}
        </Stack>
        {p ? (
          <Box
            component="dl"
            sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}
          >
            <Row label="User SID (exempt)" value={sidLabel(p.userSid)} />
            <Row label="Protocol" value={p.protocol} />
            <Row label="Priority" value={p.priority ?? 0} />
            <Row label="Local addresses" value={list(p.localAddresses)} />
            <Row label="Remote addresses" value={list(p.remoteAddresses)} />
            <Row label="Local ports" value={list(p.localPorts)} />
            <Row label="Remote ports" value={list(p.remotePorts)} />
            <Row
              label="Inbound exceptions"
              value={`IPs ${list(p.inboundExceptions.ipAddresses)} · ports ${list(p.inboundExceptions.ports)}`.replace(
                /any/g,
                'none',
              )}
            />
            <Row
              label="Outbound exceptions"
              value={`IPs ${list(p.outboundExceptions.ipAddresses)} · ports ${list(p.outboundExceptions.ports)}`.replace(
                /any/g,
                'none',
              )}
            />
          </Box>
        ) : (
          <Typography variant="body2">HNS holds something this app cannot read; see the raw JSON.</Typography>
        )}
      </CardContent>
      <CardActions>
        <Button
          size="small"
          color="error"
          startIcon={<Delete />}
          onClick={onRemove}
          disabled={removeDisabledReason !== undefined}
          title={removeDisabledReason}
          aria-label={`Remove proxy policy ${view.index}`}
        >
          Remove
        </Button>
      </CardActions>
    </Card>
  );
}
