import { useState } from 'react';
import { Alert, Box, Button, MenuItem, Stack, TextField, Typography } from '@mui/material';
import Check from '@mui/icons-material/Check';
import Close from '@mui/icons-material/Close';
import { useMutation } from '@tanstack/react-query';
import { api, unwrap } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { parseFlow } from '../../../../electron/core/flow/parse-flow';

export interface FlowExplainerProps {
  endpointId: string;
  /** Pre-fills the local side (the endpoint's own IP). */
  localIp?: string;
}

/** "Would this connection go through the sidecar?" — the flow explainer for one endpoint. */
export function FlowExplainer({ endpointId, localIp = '' }: FlowExplainerProps) {
  const [direction, setDirection] = useState<'outbound' | 'inbound'>('outbound');
  const [local, setLocal] = useState(localIp ? `${localIp}:50000` : '');
  const [remote, setRemote] = useState('');
  const [sid, setSid] = useState('');
  const [groups, setGroups] = useState('');
  // The same parser as the CLI, so both accept exactly the same text. Groups only with a SID: a
  // token is named by its user first (UserSID may match either).
  const groupList = groups.replace(/\s+/g, '');
  const who = sid.trim() ? ` sid ${sid.trim()}${groupList ? ` groups ${groupList}` : ''}` : '';
  const text = `${direction} tcp ${local} -> ${remote}${who}`;
  const parsed = parseFlow(text);
  const m = useMutation({
    mutationFn: () => {
      if (!parsed.ok) throw new Error(parsed.issues[0]?.message ?? 'Invalid flow');
      return unwrap(api.flows.explain({ endpointId, flow: parsed.flow }));
    },
  });
  const firstIssue = !parsed.ok && local && remote ? parsed.issues[0] : undefined;
  return (
    <Box component="section" aria-label="Flow explainer">
      <Typography variant="subtitle2" component="h3" gutterBottom>
        Explain a connection
      </Typography>
      <Stack direction="row" spacing={1} sx={{ flexWrap: 'wrap', rowGap: 1 }}>
        <TextField
          select
          size="small"
          label="Direction"
          value={direction}
          onChange={(e) => setDirection(e.target.value as 'outbound' | 'inbound')}
          sx={{ width: 130 }}
        >
          <MenuItem value="outbound">outbound</MenuItem>
          <MenuItem value="inbound">inbound</MenuItem>
        </TextField>
        <TextField
          size="small"
          label="Local ip:port"
          value={local}
          onChange={(e) => setLocal(e.target.value)}
          placeholder="10.240.2.7:50000"
          sx={{ width: 190 }}
        />
        <TextField
          size="small"
          label="Remote ip:port"
          value={remote}
          onChange={(e) => setRemote(e.target.value)}
          placeholder="10.0.5.9:8080"
          sx={{ width: 190 }}
        />
        <TextField
          size="small"
          label="Process SID (optional)"
          value={sid}
          onChange={(e) => setSid(e.target.value)}
          placeholder="S-1-5-32-556"
          sx={{ width: 200 }}
        />
        <TextField
          size="small"
          label="Token groups (optional)"
          value={groups}
          onChange={(e) => setGroups(e.target.value)}
          placeholder="S-1-5-32-556, S-1-5-11"
          disabled={!sid.trim()}
          helperText={sid.trim() ? undefined : 'with a process SID'}
          sx={{ width: 220 }}
        />
        <Button variant="outlined" disabled={!parsed.ok || m.isPending} onClick={() => m.mutate()}>
          Explain
        </Button>
      </Stack>
      {firstIssue && (
        <Typography variant="caption" color="error" role="alert">
          {firstIssue.message}
        </Typography>
      )}
      {m.isError && <ErrorAlert error={m.error} title="Could not explain" />}
      {m.data && (
        <Box sx={{ mt: 1.5 }} data-testid="flow-explanation">
          <Alert severity={m.data.redirected ? 'success' : 'info'}>{m.data.summary}</Alert>
          <Box component="ol" sx={{ pl: 3, my: 1 }}>
            {m.data.steps.map((s, i) => (
              <Box component="li" key={i} sx={{ fontSize: 14 }}>
                {s.passed ? (
                  <Check fontSize="inherit" color="success" titleAccess="passed" />
                ) : (
                  <Close fontSize="inherit" color="error" titleAccess="failed" />
                )}{' '}
                <code>{s.check}</code> — {s.detail}
              </Box>
            ))}
          </Box>
          {m.data.inferred.length > 0 && (
            <Typography variant="caption" color="text.secondary" component="div">
              Inferred (no public source states these): {m.data.inferred.join(' ')}
            </Typography>
          )}
        </Box>
      )}
    </Box>
  );
}
