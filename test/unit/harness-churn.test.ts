import { describe, expect, it } from 'vitest';
import type { WatchBatch, WatchEvent } from '../../electron/core/watch/event-schema';
import { createChurn } from '../harness/churn';
import { ok } from '../support/result';
import { tempCore } from '../support/temp-core';

// The harness's --churn: a simulated mesh CNI behind the app's back. What it does is seen by watch as
// someone else's changes: a pod's endpoint created with a known mesh writer's policies, later deleted.

describe('harness churn', () => {
  it('enrols pods with a mesh profile’s policies and removes them; watch sees each as external, owned, no drift', async () => {
    const { core } = await tempCore();
    try {
      const churn = createChurn(core.ctx.hns);
      const first = ok<WatchBatch>(await core.route('watch.events', { intervalMs: 200 }));
      let since = first.next;
      const events: WatchEvent[] = [];
      expect(await churn.step()).toMatch(/^enrolled churn-1_eth0 with /);
      expect(await churn.step()).toMatch(/^enrolled churn-2_eth0 with /);
      const removed = await churn.step();
      expect(removed).toMatch(/^removed endpoint /);
      // The watch's first read was before the steps: its next read sees churn-2 with its policies
      // (churn-1 came and went between the two reads, so no complete state ever held it).
      while (!events.some((e) => e.type === 'endpoint-created')) {
        const b = ok<WatchBatch>(
          await core.route('watch.events', { since, watchId: first.watchId, waitMs: 5000, intervalMs: 200 }),
        );
        since = b.next;
        events.push(...b.events);
      }
      const created = events.filter((e) => e.type === 'endpoint-created').map((e) => e.endpoint.name);
      expect(created).toEqual(['churn-2_eth0']);
      const adds = events.filter((e) => e.type === 'policy-added');
      expect(adds.length).toBeGreaterThan(0);
      for (const a of adds) {
        expect(a.by).toEqual({ kind: 'external' });
        expect(a.policy?.owner).toBeTruthy();
        expect(a.drift).toBeUndefined();
      }
      const state = ok<{ name: string }[]>(await core.route('endpoints.list', {}));
      expect(state.map((e) => e.name).filter((n) => n.startsWith('churn-'))).toEqual(['churn-2_eth0']);
    } finally {
      await core.close();
    }
  });
});
