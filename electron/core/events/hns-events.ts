import { execFile } from 'node:child_process';
import { powershellPath, systemDirectory } from '../../../native/windows/system-paths';
import { canonicalGuid } from '../../../native/hns-json';

// Where HNS said yes but the read-back disagrees (hcsshim#2571), the reporter
// found the reason only in the Host Network Service event logs. This module fetches recent events
// from those logs on Windows.
//
// What it deliberately does NOT do: parse HNS event XML or interpret HNS-specific event fields.
// No real sample of Microsoft-Windows-Host-Network-Service event XML exists in any public source
// we could search, so the event *content* stays opaque text (the rendered Message). We only rely on
// documented things: the two log names (seen in Microsoft's own AKS Edge / SDN collection scripts)
// and the .NET EventLogRecord properties Get-WinEvent returns (TimeCreated, Id, LevelDisplayName,
// LogName, ProviderName, Message), serialised by our own script below in a shape we define.

export const HNS_EVENT_LOGS = [
  'Microsoft-Windows-Host-Network-Service-Admin',
  'Microsoft-Windows-Host-Network-Service-Operational',
] as const;

export interface HnsEvent {
  time: string;
  id: number;
  level: string;
  log: string;
  provider: string;
  message: string;
}

export interface HnsEventsResult {
  available: boolean;
  /** Why there are no events to show (not Windows, PowerShell failed, …). */
  reason?: string;
  events: HnsEvent[];
}

export interface EventQuery {
  /** Look back this many minutes (1–1440). */
  minutes?: number;
  /** At most this many events (1–500). */
  maxEvents?: number;
}

function clampInt(v: number | undefined, min: number, max: number, dflt: number): number {
  const n = v === undefined || !Number.isFinite(v) ? dflt : Math.trunc(v);
  return Math.min(max, Math.max(min, n));
}

/**
 * The PowerShell script. It takes no caller text at all (only two clamped integers), so nothing a
 * user types can reach the command line; filtering by endpoint happens in TypeScript afterwards.
 */
export function hnsEventsScript(q: EventQuery = {}): string {
  const minutes = clampInt(q.minutes, 1, 1440, 60);
  const max = clampInt(q.maxEvents, 1, 500, 200);
  const logs = HNS_EVENT_LOGS.map((l) => `'${l}'`).join(',');
  return [
    "$ErrorActionPreference = 'Stop'",
    '[Console]::OutputEncoding = [Text.Encoding]::UTF8',
    `$since = (Get-Date).AddMinutes(-${minutes})`,
    `Get-WinEvent -FilterHashtable @{ LogName = @(${logs}); StartTime = $since } -MaxEvents ${max} -ErrorAction SilentlyContinue |`,
    "  Select-Object @{n='time';e={$_.TimeCreated.ToUniversalTime().ToString('o')}}, @{n='id';e={$_.Id}}, @{n='level';e={$_.LevelDisplayName}}, @{n='log';e={$_.LogName}}, @{n='provider';e={$_.ProviderName}}, @{n='message';e={$_.Message}} |",
    '  ConvertTo-Json -Depth 2 -Compress',
  ].join('\n');
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/** Parses what hnsEventsScript prints: nothing, one object, or an array (ConvertTo-Json's three shapes). */
export function parseEventsJson(text: string): HnsEvent[] {
  const t = text.replace(/^\uFEFF/, '').trim();
  if (!t) return [];
  const json: unknown = JSON.parse(t);
  const items = Array.isArray(json) ? json : [json];
  return items
    .filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null)
    .map((x) => ({
      time: str(x.time),
      id: Number(x.id) || 0,
      level: str(x.level),
      log: str(x.log),
      provider: str(x.provider),
      message: str(x.message),
    }));
}

/** Events whose text names the endpoint (GUIDs compared in canonical form, case-insensitively). */
export function eventsMentioning(events: HnsEvent[], endpointId: string): HnsEvent[] {
  const id = canonicalGuid(endpointId);
  return events.filter((e) => e.message.toLowerCase().includes(id));
}

export type ScriptRunner = (script: string) => Promise<string>;

/**
 * powershell.exe, no profile, non-interactive; 20 s cap so a stuck event log cannot hang the app.
 * Started by absolute path from System32 (system-paths.ts): a bare name is looked up in the working
 * directory and on PATH as well, where anyone could plant a powershell.exe for the elevated app to run.
 */
export const powershellRunner: ScriptRunner = async (script) => {
  const exe = powershellPath(await systemDirectory());
  return new Promise((resolve, reject) => {
    execFile(
      exe,
      ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', script],
      { timeout: 20_000, maxBuffer: 16 * 1024 * 1024, windowsHide: true },
      (err, stdout, stderr) => (err ? reject(new Error(stderr.trim() || err.message)) : resolve(stdout)),
    );
  });
};

export async function recentHnsEvents(
  q: EventQuery = {},
  platform: string = process.platform,
  run: ScriptRunner = powershellRunner,
): Promise<HnsEventsResult> {
  if (platform !== 'win32')
    return { available: false, reason: 'Host Network Service events exist only on Windows.', events: [] };
  try {
    return { available: true, events: parseEventsJson(await run(hnsEventsScript(q))) };
  } catch (e) {
    return {
      available: false,
      reason: `Could not read the HNS event logs: ${e instanceof Error ? e.message : String(e)}`,
      events: [],
    };
  }
}
