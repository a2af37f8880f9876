import { useState } from 'react';
import { Box, Button, TextField } from '@mui/material';
import Save from '@mui/icons-material/Save';
import { useQueryClient } from '@tanstack/react-query';
import type { ProxyPolicy } from '../../../../electron/core/policy/model';
import { validateProxyPolicy } from '../../../../electron/core/policy/validate';
import { api, describeError, unwrap } from '../../api';
import { keys, useSettings } from '../../queries';
import { useNotify } from '../notify/Notifier';
import { toLooseInput, type PolicyFormValues } from './form-values';

export interface Templates {
  list: { name: string; policy: ProxyPolicy }[];
  available: boolean;
  save: (name: string, policy: ProxyPolicy) => Promise<void>;
}

/** User-saved templates live in settings (settings.get / settings.set), so the CLI host sees them too. */
export function useTemplates(): Templates {
  const settings = useSettings();
  const qc = useQueryClient();
  const notify = useNotify();
  const list = settings.data?.templates ?? [];
  const save = async (name: string, policy: ProxyPolicy) => {
    try {
      const next = [...list.filter((t) => t.name !== name), { name, policy }];
      const s = await unwrap(api.settings.set({ templates: next }));
      qc.setQueryData(keys.settings, s);
      notify({ message: `Saved template “${name}”.` });
    } catch (e) {
      notify({ severity: 'error', message: `Could not save the template: ${describeError(e).title}` });
    }
  };
  return { list, available: settings.isSuccess, save };
}

export function TemplateControls({ values, templates }: { values: PolicyFormValues; templates: Templates }) {
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const valid = validateProxyPolicy(toLooseInput(values));
  if (!templates.available) return null;
  if (!naming) {
    return (
      <Button
        size="small"
        startIcon={<Save />}
        disabled={!valid.ok}
        onClick={() => setNaming(true)}
        sx={{ mt: 0.5 }}
      >
        Save as template
      </Button>
    );
  }
  const commit = () => {
    if (valid.ok && name.trim()) void templates.save(name.trim(), valid.value);
    setNaming(false);
    setName('');
  };
  return (
    <Box sx={{ display: 'flex', gap: 1 }}>
      <TextField
        size="small"
        label="Template name"
        autoFocus
        value={name}
        slotProps={{ htmlInput: { maxLength: 80 } }}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit();
          }
        }}
      />
      <Button size="small" onClick={commit} disabled={!name.trim()}>
        Save
      </Button>
      <Button size="small" onClick={() => setNaming(false)}>
        Cancel
      </Button>
    </Box>
  );
}
