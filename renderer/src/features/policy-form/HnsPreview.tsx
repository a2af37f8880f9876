import { Box, Typography } from '@mui/material';
import { toHns } from '../../../../electron/core/policy/hns-mapping';
import { validateProxyPolicy } from '../../../../electron/core/policy/validate';
import { CopyButton } from '../../components/CopyButton';
import { toLooseInput, type PolicyFormValues } from './form-values';

/** The exact HcnModifyEndpoint request main will send, from the same toHns main uses. */
export function HnsPreview({ values }: { values: PolicyFormValues }) {
  const r = validateProxyPolicy(toLooseInput(values));
  const text = r.ok
    ? JSON.stringify(
        { ResourceType: 'Policy', RequestType: 'Add', Settings: { Policies: [toHns(r.value)] } },
        null,
        2,
      )
    : null;
  return (
    // Sticky: the JSON stays in view while the form scrolls under it.
    <Box sx={{ position: { md: 'sticky' }, top: 0, alignSelf: 'start' }}>
      <Typography variant="subtitle2" component="h3" id="preview-title">
        JSON sent to HNS (HcnModifyEndpoint)
      </Typography>
      {text && (
        <Box sx={{ position: 'absolute', right: 0, top: -6, zIndex: 1 }}>
          <CopyButton text={text} label="Copy HNS JSON" />
        </Box>
      )}
      <Box
        component="pre"
        aria-labelledby="preview-title"
        data-testid="hns-preview"
        tabIndex={0}
        sx={{
          m: 0,
          mt: 0.5,
          p: 1,
          fontSize: 12,
          bgcolor: 'action.hover',
          borderRadius: 1,
          maxHeight: 360,
          overflow: 'auto',
        }}
      >
        {text ?? 'Fix the highlighted fields to see the JSON.'}
      </Box>
    </Box>
  );
}
