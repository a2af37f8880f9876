import { useState } from 'react';
import { Button } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import type { HnsInfo } from '../../../../electron/core/views';
import { api, unwrap } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { keys } from '../../queries';

/**
 * A live node whose HNS version cannot be read stays read-only until the admin confirms:
 * after that, changes go through and each one records `versionUnverified` in the journal.
 */
export function UnverifiedVersionAction({ info }: { info: HnsInfo }) {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  if (info.backend === 'snapshot' || !info.elevated || !info.versionError || !info.readOnly) return null;
  const confirm = async () => {
    setOpen(false);
    qc.setQueryData(keys.info(), await unwrap(api.hns.allowUnverifiedVersion({})));
  };
  return (
    <>
      <Button size="small" variant="outlined" color="warning" onClick={() => setOpen(true)}>
        Allow changes anyway…
      </Button>
      <ConfirmDialog
        open={open}
        title="Change a node whose HNS version is unknown?"
        text={`The HNS version could not be read (${info.versionError}). L4WFPPROXY needs HNS 13.2 or later; on an older host HNS may reject or ignore the policies. Every change you make is recorded in the journal as made without a verified version.`}
        confirmLabel="Allow changes"
        onCancel={() => setOpen(false)}
        onConfirm={() => void confirm()}
      />
    </>
  );
}
