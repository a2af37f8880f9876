import { memo, useMemo, useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import type { AppError } from '../../../../electron/base/app-error';
import { mapLimit } from '../../../../electron/base/map-limit';
import { naturalCompare } from '../../../../electron/base/natural-compare';
import { plural } from '../../../../electron/base/plural';
import type { ProxyPolicy } from '../../../../electron/core/policy/model';
import type { SetApplyResult } from '../../../../electron/core/views';
import { ApiError, api, unwrap } from '../../api';
import { endpointLabels } from '../../endpoint-label';
import { PolicyForm } from '../policy-form/PolicyForm';
import { SetResults } from '../policy-form/SetResults';
import { splitRowKey, type FleetRow } from './fleet-columns';
import { NodeSection } from './NodeSection';
import { undoApplyOnNode } from './undo';

/** Nodes asked at once (each answers for its own endpoints). */
const NODES_AT_ONCE = 16;

interface NodeResult {
  node: string;
  label: string;
  result?: SetApplyResult;
  /** The node did not answer (unreachable, refused the request as a whole). */
  error?: AppError;
}

const toAppError = (e: unknown): AppError =>
  e instanceof ApiError
    ? e.error
    : { code: 'remote-unreachable', message: e instanceof Error ? e.message : String(e) };

/** Earlier outcomes with those of a retry put in their place. */
function merge(before: SetApplyResult | undefined, retry: SetApplyResult): SetApplyResult {
  const again = new Map(retry.outcomes.map((o) => [o.endpointId, o]));
  const outcomes = before ? before.outcomes.map((o) => again.get(o.endpointId) ?? o) : retry.outcomes;
  const succeeded = outcomes.filter((o) => o.ok).length;
  return { outcomes, succeeded, failed: outcomes.length - succeeded };
}

/**
 * One policy, or a writer's set, on endpoints of several nodes, with the form the single-node add
 * uses (presets, exceptions, priority, the HNS JSON, the same validation). Each node's agent applies
 * it to its own endpoints as a unit per endpoint and journals it there; results per node and per
 * endpoint, Retry for what failed, and Undo per node.
 */
export const FleetApplyDialog = memo(function FleetApplyDialog({
  open,
  onClose,
  selected,
  rows,
}: {
  open: boolean;
  onClose: () => void;
  selected: ReadonlySet<string>;
  rows: readonly FleetRow[];
}) {
  const qc = useQueryClient();
  const [sent, setSent] = useState<{ policies: ProxyPolicy[]; names: string[] } | null>(null);
  const [results, setResults] = useState<Map<string, NodeResult>>(new Map());
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [undone, setUndone] = useState<Record<string, string>>({});
  const byNode = useMemo(() => {
    const m = new Map<string, string[]>();
    for (const k of selected) {
      const { node, endpointId } = splitRowKey(k);
      m.set(node, [...(m.get(node) ?? []), endpointId]);
    }
    return m;
  }, [selected]);
  const labels = useMemo(() => new Map(rows.map((r) => [r.node, r.nodeLabel])), [rows]);
  // Only once there are results to name (100,000 fleet rows: not on every filter keystroke).
  const names = useMemo(() => (sent ? endpointLabels(rows) : new Map<string, string>()), [rows, sent]);

  const run = async (targets: [node: string, endpointIds: string[]][], policies: ProxyPolicy[]) => {
    setBusy(new Set(targets.map(([n]) => n)));
    try {
      const answers = await mapLimit(targets, NODES_AT_ONCE, async ([node, endpointIds]) => {
        try {
          const r = (await unwrap(
            api.nodes.route({ node, channel: 'policies.applySet', input: { endpointIds, policies } }),
          )) as SetApplyResult;
          return { node, result: r };
        } catch (e) {
          return { node, error: toAppError(e) };
        }
      });
      setResults((prev) => {
        const next = new Map(prev);
        for (const a of answers) {
          const old = prev.get(a.node);
          next.set(a.node, {
            node: a.node,
            label: labels.get(a.node) ?? a.node,
            ...(a.result
              ? { result: merge(old?.result, a.result) }
              : { result: old?.result, error: a.error }),
          });
        }
        return next;
      });
    } finally {
      setBusy(new Set());
      void qc.invalidateQueries({ queryKey: ['fleet'] });
    }
  };

  const retry = (n: NodeResult) => {
    if (!sent) return;
    const ids =
      n.result && !n.error
        ? n.result.outcomes.filter((o) => !o.ok).map((o) => o.endpointId)
        : (byNode.get(n.node) ?? []);
    void run([[n.node, ids]], sent.policies);
  };
  const undo = async (n: NodeResult) => {
    if (!n.result) return;
    const u = await undoApplyOnNode(n.node, n.result);
    setUndone((p) => ({
      ...p,
      [n.node]: `Undone on ${n.label}: removed ${plural(u.removed, 'policy')}${u.failed.length ? `; not removed: ${u.failed.join('; ')}` : ''}.`,
    }));
    void qc.invalidateQueries({ queryKey: ['fleet'] });
  };

  const title = `Add a proxy policy to ${plural(selected.size, 'endpoint')} on ${plural(byNode.size, 'node')}`;
  const ordered = [...results.values()].sort((a, b) => naturalCompare(a.label, b.label));
  const failedTotal = ordered.reduce(
    (n, r) => n + (r.error ? (byNode.get(r.node)?.length ?? 0) : (r.result?.failed ?? 0)),
    0,
  );
  return (
    <Dialog open={open} onClose={onClose} maxWidth="md" fullWidth aria-labelledby="add-title" scroll="paper">
      {!sent ? (
        <PolicyForm
          title={title}
          submitLabel={() => `Apply to ${plural(byNode.size, 'node')}`}
          onCancel={onClose}
          onSubmit={async (policies, policyNames) => {
            setSent({ policies, names: policyNames });
            await run([...byNode], policies);
          }}
        />
      ) : (
        <>
          <DialogTitle id="add-title">{title}</DialogTitle>
          <DialogContent dividers>
            {results.size === 0 && (
              <Alert severity="info" role="status">
                Applying on every node…
              </Alert>
            )}
            {ordered.map((n) => (
              <NodeSection
                key={n.node}
                node={n.node}
                label={n.label}
                purpose="Results on"
                action={
                  <>
                    {(n.error || (n.result?.failed ?? 0) > 0) && (
                      <Button size="small" disabled={busy.has(n.node)} onClick={() => retry(n)}>
                        Retry failed on {n.label}
                      </Button>
                    )}
                    {(n.result?.succeeded ?? 0) > 0 && !undone[n.node] && (
                      <Button size="small" onClick={() => void undo(n)}>
                        Undo on {n.label}
                      </Button>
                    )}
                  </>
                }
              >
                {n.error && (
                  <Alert severity="error">
                    Not applied on {n.label}: {n.error.message}
                  </Alert>
                )}
                {n.result && <SetResults result={n.result} names={names} policyNames={sent.names} />}
                {undone[n.node] && (
                  <Alert severity="info" role="status">
                    {undone[n.node]}
                  </Alert>
                )}
              </NodeSection>
            ))}
          </DialogContent>
          <DialogActions>
            {failedTotal > 0 && (
              <Button
                disabled={busy.size > 0}
                onClick={() =>
                  void run(
                    ordered.flatMap((n): [string, string[]][] => {
                      const ids = n.error
                        ? (byNode.get(n.node) ?? [])
                        : (n.result?.outcomes.filter((o) => !o.ok).map((o) => o.endpointId) ?? []);
                      return ids.length ? [[n.node, ids]] : [];
                    }),
                    sent.policies,
                  )
                }
              >
                Retry all failed ({failedTotal})
              </Button>
            )}
            <Button variant="contained" onClick={onClose}>
              Close
            </Button>
          </DialogActions>
        </>
      )}
    </Dialog>
  );
});
