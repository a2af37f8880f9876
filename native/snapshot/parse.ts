import type { HnsState } from '../demo-data';
import type { HostComputeEndpoint } from '../hns-json';

export interface ParsedSnapshot {
  state: HnsState;
  format: string;
  warnings: string[];
}

/** Decodes bytes that may be UTF-8 (with or without BOM) or UTF-16 (PowerShell's default). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const text = new TextDecoder('utf-8').decode(bytes);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

export function parseSnapshot(bytes: Uint8Array, _fileName: string): ParsedSnapshot {
  const json: unknown = JSON.parse(decodeText(bytes));
  if (Array.isArray(json)) {
    return {
      state: { networks: [], endpoints: json as HostComputeEndpoint[], namespaces: [], version: { major: 15, minor: 1 } },
      format: 'v2-endpoints',
      warnings: [],
    };
  }
  const s = json as HnsState;
  return { state: s, format: 'app', warnings: [] };
}
