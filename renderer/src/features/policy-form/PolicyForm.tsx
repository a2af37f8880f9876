import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  DialogActions,
  DialogContent,
  DialogTitle,
  ListSubheader,
  MenuItem,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@mui/material';
import { MESH_PRESETS } from '../../../../electron/core/mesh/presets';
import type { ProxyPolicy } from '../../../../electron/core/policy/model';
import { ApiError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { EMPTY_FORM, fromPolicy, type PolicyFormValues, type PolicySetValues } from './form-values';
import { HnsPreview } from './HnsPreview';
import { formFieldOf, policySetResolver } from './resolver';
import { SidField } from './SidField';
import { TemplateControls, useTemplates } from './Templates';

/** The preset a new form starts from: Envoy as an Istio sidecar (one policy, 15006/15001). */
export const DEFAULT_PRESET = 'istio-sidecar';
const CUSTOM = 'custom';

type TextName =
  | Exclude<keyof PolicyFormValues, 'inboundExceptions' | 'outboundExceptions' | 'userSid'>
  | `${'inbound' | 'outbound'}Exceptions.${'ipAddresses' | 'ports'}`;

function presetValues(id: string): { values: PolicySetValues; names: string[] } {
  const p = MESH_PRESETS.find((x) => x.id === id);
  if (!p) return { values: { policies: [EMPTY_FORM] }, names: ['Policy'] };
  return {
    values: { policies: p.policies.map((x) => ({ ...EMPTY_FORM, ...fromPolicy(x.policy) })) },
    names: p.policies.map((x) => x.name),
  };
}

export interface PolicyFormProps {
  title: string;
  /** The submit button's text for a set of `n` policies. */
  submitLabel: (n: number) => string;
  onCancel: () => void;
  /**
   * Sends the validated policies (one, or a set in the writer's order). A thrown validation ApiError
   * puts main's messages on the fields; any other error is shown above the buttons.
   */
  onSubmit: (policies: ProxyPolicy[], names: string[]) => Promise<void>;
}

/**
 * The one add-policy form (single endpoint, many endpoints, endpoints of many nodes): a preset from
 * the mesh profile table or a saved template, every field of the policy (ports, SID, priority,
 * filters, exceptions), the live HNS JSON, and the validation main runs. A preset with several
 * policies (Istio ambient's pair) shows one tab per policy; they are sent as one set.
 */
export function PolicyForm({ title, submitLabel, onCancel, onSubmit }: PolicyFormProps) {
  const templates = useTemplates();
  const [preset, setPreset] = useState(DEFAULT_PRESET);
  const [names, setNames] = useState(() => presetValues(DEFAULT_PRESET).names);
  const [tab, setTab] = useState(0);
  const [submitError, setSubmitError] = useState<unknown>(null);
  const form = useForm<PolicySetValues, unknown, ProxyPolicy[]>({
    resolver: policySetResolver,
    mode: 'onChange',
    defaultValues: presetValues(DEFAULT_PRESET).values,
  });
  const { control, handleSubmit, reset, setError, formState } = form;
  const all = useWatch({ control }) as PolicySetValues;
  const count = all.policies?.length ?? 1;
  const current = tab < count ? tab : 0;
  const values = all.policies?.[current] ?? EMPTY_FORM;

  const choose = (id: string) => {
    setPreset(id);
    setTab(0);
    const t = templates.list.find((x) => `template:${x.name}` === id);
    if (t) {
      setNames(['Policy']);
      reset({ policies: [fromPolicy(t.policy)] });
      return;
    }
    const p = presetValues(id);
    setNames(p.names);
    reset(p.values);
  };

  const submit = handleSubmit(
    async (policies) => {
      setSubmitError(null);
      try {
        await onSubmit(policies, names.slice(0, policies.length));
      } catch (e) {
        // Main re-validates: if it disagrees, its issues land on the same fields.
        const issues = e instanceof ApiError && e.error.code === 'validation' ? (e.error.issues ?? []) : [];
        let placed = 0;
        for (const i of issues) {
          const f = formFieldOf(i.field);
          if (!f) continue;
          setError(f as `policies.${number}.${TextName}`, { type: i.code, message: i.message });
          placed++;
        }
        if (placed === 0) setSubmitError(e);
      }
    },
    // A field of another tab is wrong: show that tab.
    (errors) => {
      const first = (errors.policies as unknown[] | undefined)?.findIndex(Boolean) ?? -1;
      if (first >= 0 && first !== current) setTab(first);
    },
  );

  const chosen = MESH_PRESETS.find((p) => p.id === preset);
  const text = (name: TextName, label: string, helper?: string) => (
    <Controller
      key={`${current}.${name}`}
      name={`policies.${current}.${name}`}
      control={control}
      render={({ field, fieldState }) => (
        <TextField
          {...field}
          value={field.value ?? ''}
          label={label}
          size="small"
          error={!!fieldState.error}
          helperText={fieldState.error?.message ?? helper}
          slotProps={{ htmlInput: { 'aria-invalid': !!fieldState.error } }}
        />
      )}
    />
  );
  const policyErrors = (i: number) => !!(formState.errors.policies as unknown[] | undefined)?.[i];

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
            sx={{ minWidth: 320, maxWidth: '100%' }}
            helperText={
              preset === CUSTOM ? 'An empty policy' : chosen ? chosen.description : 'Saved template'
            }
          >
            <ListSubheader>Mesh and CNI writers (docs/mesh-profiles.md)</ListSubheader>
            {MESH_PRESETS.map((p) => (
              <MenuItem key={p.id} value={p.id} disabled={!!p.unavailable} title={p.unavailable}>
                {p.label}
                {p.policies.length > 1 ? ` (${p.policies.length} policies)` : ''}
                {p.unavailable ? ' — not writable here' : ''}
              </MenuItem>
            ))}
            <MenuItem value={CUSTOM}>Custom (empty policy)</MenuItem>
            {templates.list.length > 0 && <ListSubheader>Saved templates</ListSubheader>}
            {templates.list.map((t) => (
              <MenuItem key={t.name} value={`template:${t.name}`}>
                Template: {t.name}
              </MenuItem>
            ))}
          </TextField>
          {count === 1 && <TemplateControls values={values} templates={templates} />}
        </Box>
        {count > 1 && (
          <>
            <Alert severity="info" sx={{ mb: 1 }}>
              {chosen?.label} is {count} policies that work only together: each endpoint gets all of them, or,
              if one fails, none (the ones already added are removed again).
            </Alert>
            <Tabs
              value={current}
              onChange={(_, v: number) => setTab(v)}
              aria-label="Policies of the set"
              sx={{ mb: 2 }}
            >
              {names.map((n, i) => (
                <Tab
                  key={`${n}-${i}`}
                  label={`${i + 1}. ${n}${policyErrors(i) ? ' ⚠' : ''}`}
                  id={`policy-tab-${i}`}
                  aria-controls="policy-tabpanel"
                />
              ))}
            </Tabs>
          </>
        )}
        <Box
          role={count > 1 ? 'tabpanel' : undefined}
          id="policy-tabpanel"
          aria-labelledby={count > 1 ? `policy-tab-${current}` : undefined}
          sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2 }}
        >
          <Box sx={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 1.5, alignContent: 'start' }}>
            <Typography variant="subtitle2" component="h3" sx={{ gridColumn: 'span 2' }}>
              Proxy
            </Typography>
            {text('inboundProxyPort', 'Inbound proxy port', 'e.g. 15006')}
            {text('outboundProxyPort', 'Outbound proxy port', 'e.g. 15001')}
            <Box sx={{ gridColumn: 'span 2' }}>
              <Controller
                key={`${current}.userSid`}
                name={`policies.${current}.userSid`}
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
        {formState.isSubmitted && formState.errors.policies && (
          <Alert severity="error" sx={{ mt: 2 }} role="alert">
            Some fields need fixing before the {count > 1 ? 'policies' : 'policy'} can be sent.
          </Alert>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>Cancel</Button>
        <Button
          type="submit"
          variant="contained"
          disabled={formState.isSubmitting}
          startIcon={formState.isSubmitting ? <CircularProgress size={16} /> : undefined}
        >
          {submitLabel(count)}
        </Button>
      </DialogActions>
    </Box>
  );
}
