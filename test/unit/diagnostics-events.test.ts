import { describe, expect, it } from 'vitest';
import {
  eventsMentioning,
  hnsEventsScript,
  parseEventsJson,
  recentHnsEvents,
} from '../../electron/core/events/hns-events';

// No real Microsoft-Windows-Host-Network-Service event XML sample exists publicly, so there is no
// XML parser to test; these tests cover our own query script and the JSON shape *it* defines.

const ev = (message: string) => ({
  time: '2026-11-26T10:00:00.0000000Z',
  id: 1001,
  level: 'Error',
  log: 'Microsoft-Windows-Host-Network-Service-Admin',
  provider: 'Microsoft-Windows-Host-Network-Service',
  message,
});

describe('HNS events (Windows only)', () => {
  it('builds a script with clamped integers and no caller text', () => {
    const s = hnsEventsScript({ minutes: 99999, maxEvents: -3 });
    expect(s).toContain('AddMinutes(-1440)');
    expect(s).toContain('-MaxEvents 1');
    expect(s).toContain(
      "LogName = @('Microsoft-Windows-Host-Network-Service-Admin','Microsoft-Windows-Host-Network-Service-Operational')",
    );
  });

  it('parses ConvertTo-Json’s empty, single-object and array outputs', () => {
    expect(parseEventsJson('')).toEqual([]);
    expect(parseEventsJson(JSON.stringify(ev('a')))).toHaveLength(1);
    expect(parseEventsJson('\uFEFF' + JSON.stringify([ev('a'), ev('b')]))).toHaveLength(2);
  });

  it('picks the events that name the endpoint, case-insensitively', () => {
    const list = [ev('Endpoint 5E6F7081-92A3-4B4C-8D5E-6F708192A3B4 failed'), ev('something else')];
    expect(eventsMentioning(list, '{5e6f7081-92a3-4b4c-8d5e-6f708192a3b4}')).toHaveLength(1);
  });

  it('says why there are no events off Windows or when PowerShell fails', async () => {
    expect(await recentHnsEvents({}, 'linux')).toMatchObject({ available: false, events: [] });
    const failed = await recentHnsEvents({}, 'win32', () => Promise.reject(new Error('access denied')));
    expect(failed.reason).toContain('access denied');
    const ok = await recentHnsEvents({}, 'win32', async () => JSON.stringify([ev('x')]));
    expect(ok).toMatchObject({ available: true, events: [{ id: 1001 }] });
  });
});
