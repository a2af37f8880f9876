import { HRESULTS } from '../electron/base/hresult-table';

export function hresultHex(hr: number): string {
  return '0x' + (hr >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

export interface HresultDescription {
  hresult: number;
  hex: string;
  name: string;
  sentence: string;
}

/** Names and explains an HRESULT; an unknown code keeps its hex (and, on Windows, a system message). */
export function describeHresult(hr: number, systemMessage?: string): HresultDescription {
  const u = hr >>> 0;
  const known = HRESULTS.get(u);
  const hex = hresultHex(u);
  if (known) return { hresult: u, hex, ...known };
  const win32 = (u & 0x1fff0000) === 0x00070000 ? ` (Win32 error ${u & 0xffff})` : '';
  return {
    hresult: u,
    hex,
    name: hex,
    sentence: systemMessage?.trim() || `HNS returned an unrecognised error ${hex}${win32}.`,
  };
}

/** A failed HNS call: HRESULT, its name, a human sentence, and HNS's own ErrorRecord text. */
export class HnsError extends Error {
  readonly hresult: number;
  readonly hresultName: string;
  readonly sentence: string;
  readonly errorRecord: string | undefined;
  readonly operation: string;

  constructor(operation: string, hr: number, errorRecord?: string, systemMessage?: string) {
    const d = describeHresult(hr, systemMessage);
    super(`${operation} failed: ${d.name} (${d.hex}): ${d.sentence}`);
    this.name = 'HnsError';
    this.operation = operation;
    this.hresult = d.hresult;
    this.hresultName = d.name;
    this.sentence = d.sentence;
    this.errorRecord = errorRecord || undefined;
  }
}

/** computenetwork.dll (or vmcompute.dll) could not be loaded: Containers feature missing, or not Windows. */
export class HnsUnavailableError extends Error {
  constructor(detail: string) {
    super(`Host Network Service is not available: ${detail}`);
    this.name = 'HnsUnavailableError';
  }
}

/** HNS answered with JSON we could not parse. */
export class HnsParseError extends Error {
  constructor(operation: string, detail: string) {
    super(`${operation}: HNS returned malformed JSON (${detail})`);
    this.name = 'HnsParseError';
  }
}
