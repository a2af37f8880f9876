import { api, unwrap } from '../../api';

/** Saves text as a file through a temporary object URL (works in Electron and the browser harness). */
export function downloadText(fileName: string, content: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Export the given endpoints (or all) as the app's snapshot format and download it. */
export async function exportSnapshot(
  endpointIds?: string[],
): Promise<{ fileName: string; endpointCount: number }> {
  const r = await unwrap(api.snapshot.export(endpointIds ? { endpointIds } : {}));
  downloadText(r.fileName, r.content);
  return { fileName: r.fileName, endpointCount: r.endpointCount };
}

/** File bytes → base64 without blowing the stack on large snapshots (64 MB cap in the contract). */
export async function fileToBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) bin += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(bin);
}
