import { describe, expect, it } from 'vitest';
import { SimulatedHns } from '../../native/simulated-hns';
import { demoState } from '../../native/demo-data';
import type { HnsClient } from '../../native/hns-client';
import { endpointHnsEvents } from '../../electron/core/services/hns-events';

const LIVE = { kind: 'live' } as const;
const EP = '5e6f7081-92a3-4b4c-8d5e-6f708192a3b4';
const windowsLike = { ...new SimulatedHns(demoState()), kind: 'windows' } as unknown as HnsClient;

describe('diagnostics.events service', () => {
  it('says why there are no events on the simulator', async () => {
    const r = await endpointHnsEvents({ hns: new SimulatedHns(demoState()), origin: LIVE }, EP);
    expect(r).toEqual({
      available: false,
      reason: expect.stringMatching(/live Windows HNS; this view is the simulated backend/),
      events: [],
    });
  });

  it('keeps only events naming the endpoint (GUID case-insensitive) from the Windows log', async () => {
    const printed = JSON.stringify([
      {
        time: '2026-11-26T10:00:00Z',
        id: 1001,
        level: 'Error',
        log: 'Microsoft-Windows-Host-Network-Service-Admin',
        provider: 'Microsoft-Windows-Host-Network-Service',
        message: `Policy apply failed for endpoint ${EP.toUpperCase()}`,
      },
      {
        time: '2026-11-26T10:00:01Z',
        id: 1002,
        level: 'Information',
        log: 'Microsoft-Windows-Host-Network-Service-Operational',
        provider: 'Microsoft-Windows-Host-Network-Service',
        message: 'Another endpoint 11111111-2222-4333-8444-555555555555',
      },
    ]);
    const r = await endpointHnsEvents(
      { hns: windowsLike, origin: LIVE },
      EP,
      {},
      'win32',
      async () => printed,
    );
    expect(r.available).toBe(true);
    expect(r.events.map((e) => e.id)).toEqual([1001]);
  });

  it('reports a PowerShell failure as unavailable with the reason', async () => {
    const r = await endpointHnsEvents({ hns: windowsLike, origin: LIVE }, EP, {}, 'win32', async () => {
      throw new Error('Get-WinEvent: access denied');
    });
    expect(r).toMatchObject({ available: false, reason: expect.stringMatching(/access denied/), events: [] });
  });
});
