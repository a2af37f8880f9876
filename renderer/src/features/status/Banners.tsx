import { useState } from 'react';
import { Alert, Button } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, describeError, unwrap } from '../../api';
import { useHnsInfo } from '../../queries';
import { snapshotKey } from '../snapshot/snapshot-state';
import { useNotify } from '../notify/Notifier';

/** Not elevated: say so once, up top, with the one action that fixes it. */
export function ElevationBanner() {
  const info = useHnsInfo();
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  if (!info.data || info.data.elevated || info.data.backend === 'snapshot') return null;
  const restart = async () => {
    setBusy(true);
    try {
      const r = await unwrap(api.app.restartElevated({}));
      if (!r.started)
        notify({
          severity: 'warning',
          message: 'Windows did not start an elevated copy (the prompt was declined or is unavailable here).',
        });
    } catch (e) {
      notify({ severity: 'error', message: describeError(e).title });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Alert
      severity="warning"
      square
      action={
        <Button color="inherit" size="small" disabled={busy} onClick={() => void restart()}>
          Restart as administrator
        </Button>
      }
    >
      Read-only: {info.data.readOnlyReason ?? 'not running as administrator.'} You can look, export and
      diagnose; changing policies needs administrator rights.
    </Alert>
  );
}

/** An opened snapshot is not the live node: a banner that cannot be missed, and the way back. */
export function OfflineBanner() {
  const info = useHnsInfo();
  const qc = useQueryClient();
  const notify = useNotify();
  const snap = useQuery<{ editable: boolean } | null>({
    queryKey: snapshotKey,
    queryFn: () => null,
    enabled: false,
  }).data;
  if (info.data?.backend !== 'snapshot') return null;
  const close = async () => {
    try {
      const r = await unwrap(api.snapshot.close({}));
      qc.setQueryData(snapshotKey, null);
      await qc.resetQueries();
      notify({ severity: 'info', message: `Back to live: ${r.backendLabel}.` });
    } catch (e) {
      notify({ severity: 'error', message: describeError(e).title });
    }
  };
  return (
    <Alert
      severity="info"
      variant="filled"
      square
      role="status"
      data-testid="offline-banner"
      action={
        <Button color="inherit" size="small" variant="outlined" onClick={() => void close()}>
          Close snapshot
        </Button>
      }
    >
      Offline view of snapshot “{info.data.snapshotFile ?? 'file'}” —{' '}
      {snap?.editable ? 'editing a copy; nothing reaches the live node.' : 'read-only.'}
    </Alert>
  );
}
