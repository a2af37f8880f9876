import { useState } from 'react';
import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  List,
  ListItem,
  ListItemText,
  Stack,
} from '@mui/material';
import type { ProxyPolicyView } from '../../../../electron/core/views';
import { policyLine } from '../detail/policy-text';

/**
 * Clear lists exactly what goes. Policies that look owned by a mesh/CNI are kept unless the user
 * ticks the box: that component would re-create them or break without them. With two meshes on one
 * pod, each owner also gets its own action that removes exactly that owner's set (clear --owner).
 */
export function ClearDialog({
  open,
  endpointName,
  policies,
  onCancel,
  onConfirm,
  onConfirmOwner,
}: {
  open: boolean;
  endpointName: string;
  policies: ProxyPolicyView[];
  onCancel: () => void;
  onConfirm: (includeForeign: boolean) => void;
  /** Remove only this owner's policies (the owner label the views carry). */
  onConfirmOwner?: (owner: string) => void;
}) {
  const [includeForeign, setIncludeForeign] = useState(false);
  const foreign = policies.filter((p) => p.owner);
  const owners = [...new Set(foreign.map((p) => p.owner as string))];
  const going = policies.filter((p) => includeForeign || !p.owner);
  return (
    <Dialog open={open} onClose={onCancel} aria-labelledby="clear-title" maxWidth="sm" fullWidth>
      <DialogTitle id="clear-title">Clear proxy policies on {endpointName}?</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {going.length === 0
            ? 'Nothing will be removed.'
            : `These ${going.length} L4WFPPROXY policies will be removed (you can undo):`}
        </DialogContentText>
        <List dense aria-label="Policies to remove">
          {going.map((p) => (
            <ListItem key={p.index}>
              <ListItemText
                primary={policyLine(p)}
                secondary={p.owner ? `Looks owned by ${p.owner}` : undefined}
              />
            </ListItem>
          ))}
        </List>
        {!includeForeign && foreign.length > 0 && (
          <>
            <DialogContentText>Kept, because another component looks to own them:</DialogContentText>
            <List dense aria-label="Policies kept">
              {foreign.map((p) => (
                <ListItem key={p.index}>
                  <ListItemText primary={policyLine(p)} secondary={`Looks owned by ${p.owner}`} />
                </ListItem>
              ))}
            </List>
          </>
        )}
        {foreign.length > 0 && (
          <Alert severity="warning" sx={{ mt: 1 }}>
            {foreign.length} {foreign.length === 1 ? 'policy looks' : 'policies look'} owned by another
            component ({[...new Set(foreign.map((p) => p.owner))].join(', ')}). Removing{' '}
            {foreign.length === 1 ? 'it' : 'them'} can break that component’s traffic, and it may put{' '}
            {foreign.length === 1 ? 'it' : 'them'} back.
            <FormControlLabel
              sx={{ display: 'flex', mt: 1 }}
              control={
                <Checkbox checked={includeForeign} onChange={(e) => setIncludeForeign(e.target.checked)} />
              }
              label="Also remove policies owned by other components"
            />
          </Alert>
        )}
        {onConfirmOwner && owners.length > 0 && (
          <Stack
            direction="row"
            spacing={1}
            sx={{ mt: 1, flexWrap: 'wrap' }}
            aria-label="Remove one owner’s policies"
          >
            {owners.map((owner) => {
              const n = foreign.filter((p) => p.owner === owner).length;
              return (
                <Button key={owner} color="error" variant="outlined" onClick={() => onConfirmOwner(owner)}>
                  Remove only {owner}’s {n === 1 ? 'policy' : `${n} policies`}
                </Button>
              );
            })}
          </Stack>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          color="error"
          variant="contained"
          disabled={going.length === 0}
          onClick={() => onConfirm(includeForeign)}
        >
          Clear {going.length}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
