import type { HnsState } from '../demo-data';
import {
  canonicalGuid,
  getKey,
  getString,
  GUID_RE,
  isObject,
  type HostComputeEndpoint,
  type HostComputeNamespace,
  type HostComputeNetwork,
  type JsonObject,
} from '../hns-json';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from './app-format';
import { decodeText } from './decode';
import { SnapshotError } from './errors';
import { synthesizeNetworks } from './networks';
import { extractJson } from './extract';
import { consoleFormat, consoleFormatMessage, foreignListKind, foreignListMessage } from './sniff';
import { findTruncated } from './truncation';
import { isV1Endpoint, v1EndpointToV2 } from './v1-endpoint';

export { decodeText } from './decode';
export { SnapshotError } from './errors';

/**
 * app            – the app's own export ({format:"hcnproxy-snapshot", version:1, ...})
 * state          – a bare {networks, endpoints, namespaces, version} (the fake library's seed format)
 * v2-endpoints   – an array (or one object) of v2 HostComputeEndpoint JSON
 * get-hnsendpoint-v1 – `Get-HnsEndpoint | ConvertTo-Json` (v1 field names), array or one object
 * hnsdiag        – `hnsdiag list endpoints -df`: one JSON document per endpoint, concatenated
 *
 * hnsdiag's exact output is not documented and no multi-endpoint capture was found. The one public
 * use seen (a test script on a one-container host) does json.loads(output)["IPAddress"]: a single
 * JSON object with v1 names. So each document may be v1 or v2, and one object, an array or several
 * concatenated documents are all accepted (test/fixtures/snapshots/README.md).
 */
export type SnapshotFormat = 'app' | 'state' | 'v2-endpoints' | 'get-hnsendpoint-v1' | 'hnsdiag';

/** How an app snapshot says its version was obtained, when it was not read from HNS. */
type Provenance = Pick<ParsedSnapshot, 'versionSource' | 'savedVersionNote'>;

export interface ParsedSnapshot {
  state: HnsState;
  format: SnapshotFormat;
  /** Things the user should know (truncated values, synthesized networks, skipped items). */
  warnings: string[];
  /** What the app filled in because the format lacks it (networks inferred from endpoints). */
  notes: string[];
  /** Read from the file, inferred from its L4WFPPROXY policies (HNS ≥ 13.2), or unknown. */
  versionSource: VersionSource;
  /** An app snapshot whose version was inferred or set when it was saved: the note it saved. */
  savedVersionNote?: string;
}

/** Endpoint-only formats do not say which HNS wrote them: unknown, so the version gate stays shut. */
const UNKNOWN_VERSION = null;

/** Real HNS JSON is a few levels deep (ConvertTo-Json stops at 100). */
const MAX_DEPTH = 200;

/**
 * Refuses absurdly nested JSON up front (iteratively): the simulator's structuredClone and the
 * recursive walks after parsing would otherwise overflow the stack on a damaged or hostile file.
 */
function checkDepth(value: unknown, fileName: string): unknown {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (d >= MAX_DEPTH)
      throw new SnapshotError(
        fileName,
        `the JSON is nested more than ${MAX_DEPTH} levels deep; HNS data never is (a damaged file?).`,
      );
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return value;
}

function arrayField<T>(obj: JsonObject, key: string, fileName: string): T[] {
  const v = getKey(obj, key);
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new SnapshotError(fileName, `"${key}" must be an array, found ${typeof v}.`);
  v.forEach((item, i) => {
    if (!isObject(item)) throw new SnapshotError(fileName, `${key}[${i}] is not an object.`);
  });
  return v as T[];
}

function version(v: unknown): HnsState['version'] | undefined {
  const major = Number(getKey(v, 'major') ?? getKey(v, 'Major'));
  const minor = Number(getKey(v, 'minor') ?? getKey(v, 'Minor'));
  return Number.isFinite(major) && Number.isFinite(minor) ? { major, minor } : undefined;
}

function fromStateObject(obj: JsonObject, fileName: string, app: boolean): HnsState {
  if (app) {
    const v = getKey(obj, 'version');
    if (v !== SNAPSHOT_VERSION) {
      throw new SnapshotError(
        fileName,
        `snapshot version ${String(v)} is not supported (this app reads version ${SNAPSHOT_VERSION}); update the app.`,
      );
    }
  }
  return {
    networks: arrayField<HostComputeNetwork>(obj, 'networks', fileName),
    endpoints: arrayField<HostComputeEndpoint>(obj, 'endpoints', fileName),
    namespaces: arrayField<HostComputeNamespace>(obj, 'namespaces', fileName),
    version: version(getKey(obj, app ? 'hnsVersion' : 'version')) ?? UNKNOWN_VERSION,
  };
}

/** Endpoint-only formats: validate each item, map v1 → v2, synthesize networks. */
function fromEndpointItems(
  items: unknown[],
  fileName: string,
  warnings: string[],
  notes: string[] = warnings,
): { state: HnsState; v1: boolean } {
  const endpoints: HostComputeEndpoint[] = [];
  let v1 = 0;
  const noId: number[] = [];
  // HNS never has two endpoints with one ID, but two captures pasted into one file do: keep the
  // first copy, or the list would show two rows that a change can only ever reach one of.
  const seen = new Map<string, string>();
  const duplicates: string[] = [];
  items.forEach((item, i) => {
    if (!isObject(item))
      throw new SnapshotError(
        fileName,
        `item ${i} is ${item === null ? 'null' : typeof item}, not an endpoint object.`,
      );
    const id = getString(item, 'ID');
    if (!id || !GUID_RE.test(id)) {
      noId.push(i);
      return;
    }
    const key = canonicalGuid(id);
    if (seen.has(key)) {
      duplicates.push(key);
      return;
    }
    seen.set(key, getString(item, 'Name') ?? key);
    const isV1 = isV1Endpoint(item);
    if (isV1) v1++;
    const ep = isV1 ? v1EndpointToV2(item) : (item as HostComputeEndpoint);
    const label = getString(item, 'Name') ?? id;
    for (const path of findTruncated(item)) {
      warnings.push(
        `Endpoint ${label}: ${path} was cut off by ConvertTo-Json's depth limit; re-export with "ConvertTo-Json -Depth 10".`,
      );
    }
    endpoints.push(ep);
  });
  // One line, not one per item: a file of 200,000 such items must not become 200,000 warnings.
  if (noId.length === 1) warnings.push(`Item ${noId[0]} has no endpoint ID (GUID) and was skipped.`);
  else if (noId.length > 1) {
    const shown = noId.slice(0, 10).join(', ') + (noId.length > 10 ? `, … (${noId.length - 10} more)` : '');
    warnings.push(`${noId.length} items have no endpoint ID (GUID) and were skipped: ${shown}.`);
  }
  if (duplicates.length) {
    const ids = [...new Set(duplicates)];
    const shown = ids
      .slice(0, 5)
      .map((k) => `${k} (${seen.get(k)})`)
      .join(', ');
    warnings.push(
      `${duplicates.length} item(s) repeat an endpoint ID seen earlier in the file (more than once: ${shown}${ids.length > 5 ? `, … ${ids.length - 5} more` : ''}); the first copy of each was kept.`,
    );
  }
  if (items.length > 0 && endpoints.length === 0) {
    throw new SnapshotError(
      fileName,
      'no item has an endpoint ID: this does not look like HNS endpoint data.',
    );
  }
  const networks = synthesizeNetworks(endpoints, []);
  if (networks.length) {
    // Normal for endpoint-only formats, so a note, not a warning (the CLI prints warnings only).
    notes.push(
      `The file has no networks; ${networks.length} network(s) were inferred from the endpoints (${networks.map((n) => n.Name).join(', ')}).`,
    );
  }
  return { state: { networks, endpoints, namespaces: [], version: UNKNOWN_VERSION }, v1: v1 > 0 };
}

/** Where the HNS version of a snapshot comes from (shown in the GUI and CLI). */
export type VersionSource = 'file' | 'inferred' | 'set' | 'unknown';

/** L4WFPPROXY exists from HNS 13.2 (hcsshim hcn/hcnsupport.go); a capture holding one came from such a host. */
const L4WFP_INFERRED = { major: 13, minor: 2 };

function holdsProxyPolicy(state: HnsState): boolean {
  return state.endpoints.some((ep) =>
    (Array.isArray(ep.Policies) ? ep.Policies : []).some(
      (p) => String(getKey(p, 'Type') ?? '').toUpperCase() === 'L4WFPPROXY',
    ),
  );
}

/** What hns.info shows beside a version that is not the file's own reading. */
export const VERSION_NOTES = {
  inferred: 'inferred from the snapshot: it holds L4WFPPROXY policies, which need HNS 13.2 or later',
  override: (how: string) => `set with ${how}`,
} as const;

/**
 * The user's HNS version for a snapshot (CLI --hns-version, the Open Snapshot dialog) wins over the
 * file and the inference; the note says where the version the app shows came from.
 */
export function applyVersionOverride(
  snap: ParsedSnapshot,
  override: { major: number; minor: number } | undefined,
  how: string,
): ParsedSnapshot & { versionNote?: string } {
  if (override) {
    return {
      ...snap,
      state: { ...snap.state, version: { ...override } },
      versionNote: VERSION_NOTES.override(how),
    };
  }
  if (snap.versionSource === 'inferred')
    return { ...snap, versionNote: snap.savedVersionNote ?? VERSION_NOTES.inferred };
  if (snap.versionSource === 'set')
    return { ...snap, versionNote: `${snap.savedVersionNote ?? 'set by the user'} (saved in the file)` };
  return snap;
}

/** The saved-file form of a backend's versionNote: which kind of not-read-from-HNS it is. */
export function versionProvenance(
  note: string | undefined,
): { source: 'inferred' | 'set'; note: string } | undefined {
  if (!note) return undefined;
  return { source: note === VERSION_NOTES.inferred ? 'inferred' : 'set', note };
}

/** "13.2" → {13, 2}; undefined with a reason otherwise (CLI --hns-version, dialog field). */
export function parseHnsVersion(text: string): { major: number; minor: number } | string {
  const m = /^\s*(\d{1,5})\.(\d{1,5})\s*$/.exec(text);
  if (!m) return `"${text}" is not MAJOR.MINOR (for example 13.2, as hcsshim's HNS version check reads it)`;
  return { major: Number(m[1]), minor: Number(m[2]) };
}

/** Reads any snapshot format the app supports; throws SnapshotError naming the problem otherwise. */
export function parseSnapshot(bytes: Uint8Array, fileName: string): ParsedSnapshot {
  const { provenance, ...parsed } = parseContent(bytes, fileName);
  // A file this app saved says when its version was not read from HNS: it stays not read.
  if (parsed.state.version && provenance) return { ...parsed, ...provenance };
  if (parsed.state.version) return { ...parsed, versionSource: 'file' };
  if (holdsProxyPolicy(parsed.state)) {
    return {
      ...parsed,
      state: { ...parsed.state, version: { ...L4WFP_INFERRED } },
      versionSource: 'inferred',
    };
  }
  return { ...parsed, versionSource: 'unknown' };
}

function summarize(skipped: { line: number; text: string }[]): string {
  const shown = skipped
    .slice(0, 3)
    .map((s) => `line ${s.line} "${s.text.length > 60 ? `${s.text.slice(0, 57)}...` : s.text}"`);
  return shown.join(', ') + (skipped.length > 3 ? `, … (${skipped.length - 3} more)` : '');
}

function parseContent(
  bytes: Uint8Array,
  fileName: string,
): Omit<ParsedSnapshot, 'versionSource'> & { provenance?: Provenance } {
  if (bytes.length === 0) throw new SnapshotError(fileName, 'the file is empty.');
  const text = decodeText(bytes, fileName);
  if (!text.trim()) throw new SnapshotError(fileName, 'the file contains only whitespace.');
  const warnings: string[] = [];
  const notes: string[] = [];

  const { values, skipped, truncatedAt, invalid } = extractJson(text);
  if (truncatedAt) {
    const before = skipped.filter((s) => s.line < truncatedAt.line);
    throw new SnapshotError(
      fileName,
      values.length > 0
        ? `the last JSON document ends too early: the file is truncated after ${values.length} complete document(s). Capture it again.`
        : `the JSON that starts on line ${truncatedAt.line} ends too early: the file is truncated. Capture it again${before.length ? ` (text before it: ${summarize(before)})` : ''}.`,
    );
  }
  if (values.length === 0) {
    const format = consoleFormat(skipped.map((s) => s.text));
    if (format) throw new SnapshotError(fileName, consoleFormatMessage(format));
    const scalar = (() => {
      try {
        return { value: JSON.parse(text) as unknown };
      } catch {
        return undefined;
      }
    })();
    if (scalar) {
      const v = scalar.value;
      throw new SnapshotError(
        fileName,
        `expected a JSON object or array, found ${v === null ? 'null' : typeof v}.`,
      );
    }
    if (invalid) {
      throw new SnapshotError(
        fileName,
        `not valid JSON (${invalid.message}, in the value starting on line ${invalid.line}). Expected an app export, a v2 endpoint array, Get-HnsEndpoint | ConvertTo-Json, or hnsdiag list endpoints -df output.`,
      );
    }
    throw new SnapshotError(
      fileName,
      'no JSON found: expected an app export, a v2 endpoint array, Get-HnsEndpoint | ConvertTo-Json, or hnsdiag list endpoints -df output.',
    );
  }
  values.forEach((v) => checkDepth(v, fileName));
  if (skipped.length) {
    // A collectlogs-style file prints a table or list first; a console capture quotes the prompt.
    const format = consoleFormat(skipped.map((s) => s.text));
    const what = format
      ? `a ${format.kind === 'table' ? 'table' : 'PowerShell list'} and other text`
      : 'text that is not JSON';
    warnings.push(`Skipped ${skipped.length} line(s) of ${what} around the JSON: ${summarize(skipped)}.`);
  }

  // hnsdiag's text piped through ConvertTo-Json arrives as an array of strings (one per line).
  if (
    values.length === 1 &&
    Array.isArray(values[0]) &&
    values[0].length > 0 &&
    values[0].every((x) => typeof x === 'string')
  ) {
    const format = consoleFormat(values[0] as string[]);
    throw new SnapshotError(
      fileName,
      format
        ? `the JSON holds console text, not objects: ${consoleFormatMessage(format)}`
        : 'the JSON is a list of text lines, not HNS objects; export endpoints with Get-HnsEndpoint | ConvertTo-Json -Depth 10.',
    );
  }

  if (values.length > 1) {
    // hnsdiag: several documents in a row.
    const flat = values.flatMap((x) => (Array.isArray(x) ? x : [x]));
    rejectForeign(flat, fileName);
    return {
      state: fromEndpointItems(flat, fileName, warnings, notes).state,
      format: 'hnsdiag',
      warnings,
      notes,
    };
  }

  const json = values[0];
  if (Array.isArray(json)) {
    rejectForeign(json, fileName);
    const { state, v1 } = fromEndpointItems(json, fileName, warnings, notes);
    return { state, format: v1 ? 'get-hnsendpoint-v1' : 'v2-endpoints', warnings, notes };
  }
  if (!isObject(json)) {
    throw new SnapshotError(
      fileName,
      `expected a JSON object or array, found ${json === null ? 'null' : typeof json}.`,
    );
  }
  if (getKey(json, 'format') === SNAPSHOT_FORMAT) {
    const state = fromStateObject(json, fileName, true);
    const source = getKey(json, 'hnsVersionSource');
    const note = getString(json, 'hnsVersionNote');
    const provenance: Provenance | undefined =
      source === 'inferred' || source === 'set'
        ? { versionSource: source, ...(note ? { savedVersionNote: note } : {}) }
        : undefined;
    return { state, format: 'app', warnings, notes, ...(provenance ? { provenance } : {}) };
  }
  if (typeof getKey(json, 'format') === 'string') {
    throw new SnapshotError(fileName, `unknown snapshot format "${String(getKey(json, 'format'))}".`);
  }
  if (Array.isArray(getKey(json, 'endpoints'))) {
    return { state: fromStateObject(json, fileName, false), format: 'state', warnings, notes };
  }
  rejectForeign([json], fileName);
  if (getString(json, 'ID')) {
    // ConvertTo-Json / hnsdiag write a single endpoint as an object, not a one-element array.
    const { state, v1 } = fromEndpointItems([json], fileName, warnings, notes);
    return { state, format: v1 ? 'get-hnsendpoint-v1' : 'v2-endpoints', warnings, notes };
  }
  throw new SnapshotError(
    fileName,
    'not an HNS snapshot: expected an app export, an array of endpoints, Get-HnsEndpoint | ConvertTo-Json, or hnsdiag list endpoints -df output.',
  );
}

/** A list of networks (or namespaces, LB policies) would otherwise load as endpoints without IPs. */
function rejectForeign(items: unknown[], fileName: string): void {
  const kind = foreignListKind(items);
  if (kind) throw new SnapshotError(fileName, foreignListMessage(kind));
}

export {
  serializeSnapshot,
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type AppSnapshot,
  type SnapshotMeta,
  type SnapshotSource,
} from './app-format';
