/** The value of an ok Result; a failed one throws with its error, so the test fails saying why. */
export function ok<T>(r: { ok: boolean; value?: unknown; error?: unknown }): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}
