import { useMemo, useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  TextField,
  Typography,
} from '@mui/material';
import type { ProxyPolicy } from '../../../../electron/core/policy/model';
import type { BulkResult } from '../../../../electron/core/views';
import { ApiError, api, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { useApplyChanges, useEndpoints } from '../../queries';
import { useUi } from '../../ui-state';
import { useNotify } from '../notify/Notifier';
import { BulkResults } from './BulkResults';
import { EMPTY_FORM, fromPolicy, type PolicyFormValues } from './form-values';
import { HnsPreview } from './HnsPreview';
import { PRESETS } from './presets';
import { issuesToErrors, policyResolver } from './resolver';
import { SidField } from './SidField';
import { TemplateControls, useTemplates } from './Templates';
import { endpointLabels } from '../../endpoint-label';

export function AddPolicyDialog() {
  const ui = useUi();
  const targets = ui.addTargets;
  return (
    <Dialog
      open={targets !== null}
      onClose={() => ui.setAddTargets(null)}
      maxWidth="md"
      fullWidth
      aria-labelledby="add-title"
      scroll="paper"
    >
      {targets && (
        <AddPolicyForm key={targets.join()} targets={targets} onClose={() => ui.setAddTargets(null)} />
      )}
    </Dialog>
  );
}

type TextName =
  | Exclude<keyof PolicyFormValues, 'inboundExceptions' | 'outboundExceptions' | 'userSid'>
  | `${'inbound' | 'outbound'}Exceptions.${'ipAddresses' | 'ports'}`;

function AddPolicyForm({ targets, onClose }: { targets: string[]; onClose: () => void }) {
  const notify = useNotify();
  const applyChanges = useApplyChanges();
  const list = useEndpoints();
  const names = useMemo(() => endpointLabels(list.data ?? []), [list.data]);
  const [preset, setPreset] = useState('envoy');
  const [submitError, setSubmitError] = useState<unknown>(null);
  const [bulk, setBulk] = useState<BulkResult | null>(null);
  const templates = useTemplates();
  const form = useForm<PolicyFormValues, unknown, ProxyPolicy>({
    resolver: policyResolver,
    mode: 'onChange',
    defaultValues: fromPolicy(PRESETS[0]!.policy),
  });
  const { control, handleSubmit, reset, setError, formState } = form;
  const values = useWatch({ control }) as PolicyFormValues;

  const choose = (id: string) => {
    setPreset(id);
    const p = PRESETS.find((x) => x.id === id);
    const t = templates.list.find((x) => `template:${x.name}` === id);
    reset(p ? { ...EMPTY_FORM, ...fromPolicy(p.policy) } : t ? fromPolicy(t.policy) : EMPTY_FORM);
  };

  const submit = handleSubmit(async (policy) => {
    setSubmitError(null);
    try {
      if (targets.length === 1) {
        const r = await unwrap(api.policies.add({ endpointId: targets[0]!, policy }));
        applyChanges([r]);
        notify({
          severity: r.warnings.length || r.readBack === 'mismatch' ? 'warning' : 'success',
          message: `Added proxy policy to ${names.get(r.endpointId) ?? r.endpointId}.${r.warnings.length ? ` ${r.warnings.join(' ')}` : ''}`,
        });
        onClose();
      } else {
        const r = await unwrap(api.policies.applyToMany({ endpointIds: targets, policy }));
        applyChanges(
          r.outcomes.flatMap((o) => (o.result ? [o.result] : [])),
          r.outcomes.filter((o) => !o.result).map((o) => o.endpointId),
        );
        setBulk(r);
      }
    } catch (e) {
      // Main re-validates: if it disagrees, its issues land on the same fields.
      if (e instanceof ApiError && e.error.code === 'validation' && e.error.issues?.length) {
        const errs = issuesToErrors(e.error.issues, 'policy');
        for (const i of e.error.issues) {
          const f = i.field.replace(/^policy\./, '') as TextName;
          setError(f, { type: i.code, message: i.message });
        }
        if (Object.keys(errs).length === 0) setSubmitError(e);
      } else setSubmitError(e);
    }
  });

  const text = (name: TextName, label: string, helper?: string, width = 1) => (
    <Controller
      name={name}
      control={control}
      render={({ field, fieldState }) => (
        <TextField
          {...field}
          value={field.value ?? ''}
          label={label}
          size="small"
          error={!!fieldState.error}
          helperText={fieldState.error?.message ?? helper}
          sx={{ gridColumn: `span ${width}` }}
          slotProps={{ htmlInput: { 'aria-invalid': !!fieldState.error } }}
        />
      )}
    />
  );

  const title =
    targets.length === 1
      ? `Add proxy policy to ${names.get(targets[0]!) ?? targets[0]}`
      : `Add proxy policy to ${targets.length} endpoints`;
  if (bulk) {
    return (
      <>
        <DialogTitle id="add-title">{title}</DialogTitle>
        <DialogContent dividers>
          <BulkResults result={bulk} names={names} />
        </DialogContent>
        <DialogActions>
          <Button variant="contained" onClick={onClose} autoFocus>
            Done
          </Button>
        </DialogActions>
      </>
    );
  }
  return (
    <Box
      component="form"
      onSubmit={(e) => void submit(e)}
      noValidate
      sx={{ display: 'contents' }}
      aria-labelledby="add-title"
    >
      <DialogTitle id="add-title">{title}</DialogTitle>
      <DialogContent dividers>
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'flex-start', flexWrap: 'wrap', mb: 2 }}>
          <TextField
            select
            size="small"
            label="Start from"
            value={preset}
            onChange={(e) => choose(e.target.value)}
            sx={{ minWidth: 220 }}
            helperText={PRESETS.find((p) => p.id === preset)?.description ?? 'Saved template'}
          >
            {PRESETS.map((p) => (
              <MenuItem key={p.id} value={p.id}>
                {p.label}
              </MenuItem>
            ))}
            {templates.list.map((t) => (
              <MenuItem key={t.name} value={`template:${t.name}`}>
                Template: {t.name}
              </MenuItem>
            ))}
          </TextField>
          <TemplateControls values={values} templates={templates} />
        </Box>
        <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2 }}>
          <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1.5, alignContent: 'start' }}>
            <Typography variant="subtitle2" component="h3" sx={{ gridColumn: 'span 2' }}>
              Proxy
            </Typography>
            {text('inboundProxyPort', 'Inbound proxy port', 'e.g. 15006')}
            {text('outboundProxyPort', 'Outbound proxy port', 'e.g. 15001')}
            <Box sx={{ gridColumn: 'span 2' }}>
              <Controller
                name="userSid"
                control={control}
                render={({ field, fieldState }) => (
                  <SidField
                    value={field.value ?? ''}
                    onChange={field.onChange}
                    onBlur={field.onBlur}
                    error={fieldState.error?.message}
                  />
                )}
              />
            </Box>
            {text('priority', 'Priority', '0–65535; higher wins when filters overlap')}
            <Box />
            <Typography variant="subtitle2" component="h3" sx={{ gridColumn: 'span 2' }}>
              Filter (empty = any)
            </Typography>
            {text('localAddresses', 'Local addresses', 'IPv4 or prefix, comma-separated')}
            {text('remoteAddresses', 'Remote addresses', 'IPv4 or prefix, comma-separated')}
            {text('localPorts', 'Local ports', '80, 8000-8080')}
            {text('remotePorts', 'Remote ports', '80, 8000-8080')}
            <Typography variant="subtitle2" component="h3" sx={{ gridColumn: 'span 2' }}>
              Exceptions (never redirected)
            </Typography>
            {text('inboundExceptions.ipAddresses', 'Inbound: IPs')}
            {text('inboundExceptions.ports', 'Inbound: ports')}
            {text('outboundExceptions.ipAddresses', 'Outbound: IPs')}
            {text('outboundExceptions.ports', 'Outbound: ports')}
          </Box>
          <HnsPreview values={values} />
        </Box>
        {submitError !== null && (
          <Box sx={{ mt: 2 }}>
            <ErrorAlert error={submitError} title="HNS refused the policy" />
          </Box>
        )}
        {/* Field errors, not isValid: after HNS refuses a valid policy, isValid can still read false. */}
        {formState.isSubmitted && Object.keys(formState.errors).length > 0 && (
          <Alert severity="error" sx={{ mt: 2 }} role="alert">
            Some fields need fixing before the policy can be sent.
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cancel</Button>
        <Button
          type="submit"
          variant="contained"
          disabled={formState.isSubmitting}
          startIcon={formState.isSubmitting ? <CircularProgress size={16} /> : undefined}
        >
          {targets.length === 1 ? 'Add policy' : `Apply to ${targets.length} endpoints`}
        </Button>
      </DialogActions>
    </Box>
  );
}
