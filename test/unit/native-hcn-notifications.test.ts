import { beforeAll, describe, expect, it } from 'vitest';
import { loadKoffi } from '../../native/windows/koffi-types';
import {
  HCN_NOTIFICATION,
  subscribeHcnNotifications,
  type HcnNotification,
} from '../../native/windows/hcn-notifications';
import { buildFakeLib } from '../support/fake-lib';

// The service-notification binding on the FFI path: the fake computenetwork library keeps the
// registered callbacks and calls them when asked (HcnFakeNotify), as HNS does on a change.

let lib: string;
let notify: (type: number, data: string | null) => number;
let registered: () => number;

beforeAll(async () => {
  lib = buildFakeLib();
  const koffi = await loadKoffi();
  const l = koffi.load(lib);
  notify = l.func('long HcnFakeNotify(uint32_t type, const char *data)') as never;
  registered = l.func('long HcnFakeServiceCallbacks(void)') as never;
});

describe('HcnRegisterServiceCallback binding', () => {
  it('delivers each notification with its name and data; close() unregisters and releases the callback', async () => {
    const seen: HcnNotification[] = [];
    const before = registered();
    const sub = await subscribeHcnNotifications(lib, (n) => seen.push(n));
    expect(registered()).toBe(before + 1);
    expect(notify(HCN_NOTIFICATION.NamespaceCreate, '{"ID":"ns-1"}')).toBe(before + 1);
    notify(HCN_NOTIFICATION.ServiceDisconnect, null);
    // Flag bits (the upper 4) are not part of the type; an unknown type is named by its number.
    notify(0x10000000 | HCN_NOTIFICATION.NetworkDelete, null);
    notify(0x11, null);
    expect(seen).toEqual([
      { type: 'NamespaceCreate', status: 0, data: '{"ID":"ns-1"}' },
      { type: 'ServiceDisconnect', status: 0 },
      { type: 'NetworkDelete', status: 0 },
      { type: '0x11', status: 0 },
    ]);
    sub.close();
    sub.close(); // a second close does nothing
    expect(registered()).toBe(before);
    notify(HCN_NOTIFICATION.NamespaceDelete, null);
    expect(seen).toHaveLength(4);
  });

  it('refuses a library named without an absolute path', async () => {
    await expect(subscribeHcnNotifications('computenetwork.dll', () => undefined)).rejects.toThrow(
      /absolute path only/,
    );
  });
});
