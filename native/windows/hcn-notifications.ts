import { isAbsolute } from 'node:path';
import { loadKoffi } from './koffi-types';

// computenetwork.dll's service notifications (docs/watch.md, "Windows change notifications"):
// HcnRegisterServiceCallback calls back when HNS creates or deletes a network or a namespace, or
// when the client's connection to the service is lost. Endpoint and policy changes have no
// notification, so a watch still reads on its interval; a namespace notification makes it read at
// once (a pod's namespace and its endpoint come and go together: inferred from how the CNI plug-ins
// use them, not documented).

/** HCN_NOTIFICATIONS values this app acts on (ComputeNetwork.h, as the HCN API reference lists it). */
export const HCN_NOTIFICATION = {
  NetworkPreCreate: 0x1,
  NetworkCreate: 0x2,
  NetworkPreDelete: 0x3,
  NetworkDelete: 0x4,
  NamespaceCreate: 0x5,
  NamespaceDelete: 0x6,
  ServiceDisconnect: 0x01000000,
} as const;

const NAMES = new Map<number, string>(Object.entries(HCN_NOTIFICATION).map(([k, v]) => [v, k]));
/** The upper 4 bits are flags (HcnNotificationFlagsReserved): the type is what remains. */
const TYPE_MASK = 0x0fffffff;

export interface HcnNotification {
  /** The notification's name ("NamespaceCreate"), or "0x…" for one this app does not know. */
  type: string;
  status: number;
  /** The notification's data (JSON text from HNS), if any. */
  data?: string;
}

export interface HcnNotificationSubscription {
  /** Unregisters the callback (HcnUnregisterServiceCallback) and releases koffi's trampoline. */
  close(): void;
}

let protoDeclared = false;

/**
 * Registers `onNotify` with the service. The callback handle and koffi's registered trampoline are
 * both released by close(); a failed registration releases the trampoline before it throws.
 */
export async function subscribeHcnNotifications(
  computenetworkPath: string,
  onNotify: (n: HcnNotification) => void,
): Promise<HcnNotificationSubscription> {
  if (!isAbsolute(computenetworkPath))
    throw new Error(`refusing to load "${computenetworkPath}": libraries load by absolute path only`);
  const koffi = await loadKoffi();
  if (!protoDeclared) {
    try {
      koffi.type('HCN_NOTIFICATION_CALLBACK');
    } catch {
      koffi.proto(
        'void __stdcall HCN_NOTIFICATION_CALLBACK(uint32_t NotificationType, void *Context, int32_t NotificationStatus, const char16_t *NotificationData)',
      );
    }
    protoDeclared = true;
  }
  const lib = koffi.load(computenetworkPath);
  const register = lib.func(
    'int32_t __stdcall HcnRegisterServiceCallback(HCN_NOTIFICATION_CALLBACK *Callback, void *Context, _Out_ void **CallbackHandle)',
  );
  const unregister = lib.func('int32_t __stdcall HcnUnregisterServiceCallback(void *CallbackHandle)');
  const trampoline = koffi.register(
    (type: number, _context: unknown, status: number, data: string | null) => {
      const t = (type >>> 0) & TYPE_MASK;
      onNotify({
        type: NAMES.get(t) ?? `0x${t.toString(16)}`,
        status,
        ...(data ? { data } : {}),
      });
    },
    koffi.pointer('HCN_NOTIFICATION_CALLBACK'),
  );
  const out: [unknown] = [null];
  const hr = register(trampoline, null, out) as number;
  if (hr < 0) {
    koffi.unregister(trampoline);
    throw new Error(`HcnRegisterServiceCallback failed: 0x${(hr >>> 0).toString(16).toUpperCase()}`);
  }
  let open = true;
  return {
    close() {
      if (!open) return;
      open = false;
      unregister(out[0]);
      koffi.unregister(trampoline);
    },
  };
}
