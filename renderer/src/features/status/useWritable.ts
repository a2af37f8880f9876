import { useQuery } from '@tanstack/react-query';
import { useHnsInfo } from '../../queries';
import type { SnapshotOpenResult } from '../snapshot/snapshot-state';
import { snapshotKey } from '../snapshot/snapshot-state';

/**
 * Whether write buttons are live, and if not, the reason to show in their tooltip: not elevated,
 * HNS too old for L4WFPPROXY, or a snapshot opened read-only.
 */
export function useWritable(): { ok: boolean; reason?: string } {
  const info = useHnsInfo();
  const snap = useQuery<SnapshotOpenResult | null>({
    queryKey: snapshotKey,
    queryFn: () => null,
    enabled: false,
  });
  if (!info.data) return { ok: false, reason: 'Reading HNS status…' };
  if (info.data.backend === 'snapshot' && snap.data && !snap.data.editable) {
    return {
      ok: false,
      reason: 'This snapshot is open read-only. Reopen it with “Edit a copy” to change it.',
    };
  }
  if (info.data.readOnly) return { ok: false, reason: info.data.readOnlyReason ?? 'Read-only.' };
  if (!info.data.l4WfpProxySupported && info.data.backend !== 'snapshot') {
    return { ok: false, reason: 'This HNS does not support L4WFPPROXY (needs HNS 13.2 or later).' };
  }
  return { ok: true };
}
