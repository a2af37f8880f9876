import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../electron/core/watch/event-schema';
import {
  driftMarks,
  matches,
  NO_FILTER,
  prepend,
  MAX_ITEMS,
  UNKNOWN_OWNER,
  type ActivityItem,
} from '../../renderer/src/features/activity/activity-model';

// The Activity panel's filters and drift list, without a browser.

const item = (seq: number, over: Partial<WatchEvent> = {}, node = 'local'): ActivityItem => ({
  key: `${node}|w|${seq}`,
  node,
  label: node,
  event: {
    seq,
    type: 'policy-added',
    time: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(),
    node,
    endpoint: { id: 'ep1', name: 'web-0_eth0', pod: 'shop/web-0' },
    policy: { index: 0, summary: 'inbound → 15006', owner: 'Istio (sidecar)', raw: {} },
    by: { kind: 'external' },
    ...over,
  },
});

describe('activity model', () => {
  it('filters by node, kind, owner (or none) and pod text', () => {
    const a = item(1);
    const b = item(2, { type: 'policy-removed', policy: { index: 0, summary: 'x', raw: {} } }, 'sim-2');
    expect(matches(a, { ...NO_FILTER, node: 'sim-2' })).toBe(false);
    expect(matches(b, { ...NO_FILTER, node: 'sim-2' })).toBe(true);
    expect(matches(a, { ...NO_FILTER, kind: 'policy-removed' })).toBe(false);
    expect(matches(a, { ...NO_FILTER, owner: 'Istio (sidecar)' })).toBe(true);
    expect(matches(b, { ...NO_FILTER, owner: UNKNOWN_OWNER })).toBe(true);
    expect(matches(a, { ...NO_FILTER, text: 'SHOP/WEB' })).toBe(true);
    expect(matches(a, { ...NO_FILTER, text: 'data/' })).toBe(false);
  });

  it('drift: one mark per endpoint, with the first event that showed it and its journal entry', () => {
    const first = item(1, {
      type: 'policy-removed',
      drift: { kind: 'removed-elsewhere', journalId: 'j-1', user: 'admin' },
    });
    const later = item(2, { drift: { kind: 'unknown-owner' } });
    const other = item(3, { endpoint: { id: 'ep2', name: 'api' }, drift: { kind: 'unknown-owner' } });
    const marks = driftMarks(prepend([], [first, later, item(4), other]));
    expect(marks.map((m) => [m.endpointId, m.first.event.seq, m.journalId])).toEqual([
      ['ep1', 1, 'j-1'],
      ['ep2', 3, undefined],
    ]);
  });

  it('keeps the newest first and at most MAX_ITEMS', () => {
    const many = Array.from({ length: MAX_ITEMS + 5 }, (_, i) => item(i + 1));
    const out = prepend([], many);
    expect(out).toHaveLength(MAX_ITEMS);
    expect(out[0]!.event.seq).toBe(MAX_ITEMS + 5);
  });
});
