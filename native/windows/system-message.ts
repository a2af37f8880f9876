import { loadKernel32 } from './system-paths';

// The Windows system text for an HRESULT HNS returned that our table does not know (kernel32
// FormatMessageW). Synchronous on purpose: it is a local table lookup, not a call into HNS, and it
// runs only when building an error. Off Windows (or if anything fails) it returns undefined.
// WindowsHns installs the binding once koffi is loaded (initSystemMessages); kernel32 comes from
// system-paths.ts, the one place that loads system DLLs.

type FormatMessageW = (...args: unknown[]) => number;
let formatMessage: FormatMessageW | undefined;

const FORMAT_MESSAGE_FROM_SYSTEM = 0x1000;
const FORMAT_MESSAGE_IGNORE_INSERTS = 0x200;

export async function initSystemMessages(): Promise<void> {
  if (process.platform !== 'win32' || formatMessage) return;
  try {
    formatMessage = (await loadKernel32()).func(
      'uint32 __stdcall FormatMessageW(uint32 dwFlags, void *lpSource, uint32 dwMessageId, uint32 dwLanguageId, void *lpBuffer, uint32 nSize, void *Arguments)',
    ) as FormatMessageW;
  } catch {
    formatMessage = undefined;
  }
}

export function systemMessage(hr: number): string | undefined {
  if (process.platform !== 'win32' || !formatMessage) return undefined;
  try {
    const buf = Buffer.alloc(2048);
    const n = formatMessage(
      FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
      null,
      hr >>> 0,
      0,
      buf,
      1024,
      null,
    );
    return n ? buf.toString('utf16le', 0, n * 2).trim() || undefined : undefined;
  } catch {
    return undefined;
  }
}
