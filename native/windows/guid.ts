import type { GuidStruct } from './hcn-bindings';

const GUID_TEXT = /^\{?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;

/**
 * "5e6f7081-92a3-4b4c-8d5e-6f708192a3b4" → GUID struct. The first three groups are integers (stored
 * little-endian by the C compiler / koffi), the last 8 bytes are taken in string order.
 * Returns undefined for anything that is not a GUID (hcsshim refuses those before calling HNS).
 */
export function parseGuid(text: string): GuidStruct | undefined {
  const m = GUID_TEXT.exec(text.trim());
  if (!m) return undefined;
  const [, a, b, c, d, e] = m as unknown as [string, string, string, string, string, string];
  const tail = d + e;
  const Data4: number[] = [];
  for (let i = 0; i < 16; i += 2) Data4.push(parseInt(tail.slice(i, i + 2), 16));
  return { Data1: parseInt(a, 16), Data2: parseInt(b, 16), Data3: parseInt(c, 16), Data4 };
}

export function formatGuid(g: GuidStruct): string {
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');
  const d4 = g.Data4.map((x) => hex(x, 2)).join('');
  return `${hex(g.Data1, 8)}-${hex(g.Data2, 4)}-${hex(g.Data3, 4)}-${d4.slice(0, 4)}-${d4.slice(4)}`;
}

/**
 * The 16 bytes of a GUID struct as the C ABI lays it out (Data1/2/3 little-endian, Data4 as is).
 * koffi passes a Buffer to a `const GUID *` parameter as a pointer to its bytes: cheaper than
 * marshalling a JS object with an 8-element array on every call (this is on the list hot path).
 */
export function guidBytes(g: GuidStruct): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt32LE(g.Data1 >>> 0, 0);
  b.writeUInt16LE(g.Data2, 4);
  b.writeUInt16LE(g.Data3, 6);
  for (let i = 0; i < 8; i++) b[8 + i] = g.Data4[i] ?? 0;
  return b;
}

export const ZERO_GUID: GuidStruct = { Data1: 0, Data2: 0, Data3: 0, Data4: [0, 0, 0, 0, 0, 0, 0, 0] };
