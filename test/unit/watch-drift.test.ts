import { describe, expect, it } from 'vitest';
import type { ChangeResult } from '../../electron/core/views';
import type { WatchBatch, WatchEvent } from '../../electron/core/watch/event-schema';
import { ok } from '../support/result';
import { API, tempCore } from '../support/temp-core';

// Drift: a change someone else made (straight to HNS, no journal entry) that leaves HNS disagreeing
// with this app's journal is marked on its event, with the journal entry it contradicts.

describe('watch marks drift', () => {
  it('a policy this app added, removed by someone else: removed-elsewhere with the adding entry; a policy of no known owner: unknown-owner', async () => {
    const { core } = await tempCore();
    try {
      const hns = core.ctx.hns;
      const first = ok<WatchBatch>(await core.route('watch.events', { intervalMs: 200 }));
      let since = first.next;
      const nextEvents = async (): Promise<WatchEvent[]> => {
        for (;;) {
          const b = ok<WatchBatch>(
            await core.route('watch.events', {
              since,
              watchId: first.watchId,
              waitMs: 5000,
              intervalMs: 200,
            }),
          );
          since = b.next;
          if (b.events.length) return b.events;
        }
      };
      const added = ok<ChangeResult>(
        await core.route('policies.add', {
          endpointId: API,
          policy: { inboundProxyPort: 4140, outboundProxyPort: 4140 },
        }),
      );
      const [mine] = await nextEvents();
      expect(mine).toMatchObject({ type: 'policy-added', by: { kind: 'app', journalId: added.journalId } });
      expect(mine!.drift).toBeUndefined();

      const raw = mine!.policy!.raw as never;
      await hns.modifyEndpoint(API, {
        ResourceType: 'Policy',
        RequestType: 'Remove',
        Settings: { Policies: [raw] },
      });
      const [removal] = await nextEvents();
      expect(removal).toMatchObject({ type: 'policy-removed', by: { kind: 'external' } });
      expect(removal!.drift).toEqual({
        kind: 'removed-elsewhere',
        journalId: added.journalId,
        user: mine!.by!.kind === 'app' ? mine!.by!.user : '',
      });

      const odd = { Type: 'L4WFPPROXY', Settings: { InboundProxyPort: 7777, OutboundProxyPort: 7778 } };
      await hns.modifyEndpoint(API, {
        ResourceType: 'Policy',
        RequestType: 'Add',
        Settings: { Policies: [odd as never] },
      });
      const [foreign] = await nextEvents();
      expect(foreign).toMatchObject({ type: 'policy-added', by: { kind: 'external' }, policy: { raw: odd } });
      expect(foreign!.drift).toEqual({ kind: 'unknown-owner' });
      // An Istio policy added by someone else has a known owner: no drift.
      const istio = { Type: 'L4WFPPROXY', Settings: { InboundProxyPort: 15006, OutboundProxyPort: 15001 } };
      await hns.modifyEndpoint(API, {
        ResourceType: 'Policy',
        RequestType: 'Add',
        Settings: { Policies: [istio as never] },
      });
      const [known] = await nextEvents();
      expect(known!.policy!.owner).toBeTruthy();
      expect(known!.drift).toBeUndefined();
    } finally {
      await core.close();
    }
  });
});
