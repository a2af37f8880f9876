/** How messages name an endpoint: its HNS name (else its id), and its pod when the CRI named one. */
export function endpointLabel(e: { id: string; name?: string; pod?: string }): string {
  const base = e.name || e.id;
  return e.pod ? `${base} (${e.pod})` : base;
}

/** id → label, for results and findings that carry only endpoint ids. */
export function endpointLabels(
  rows: readonly { id: string; name?: string; pod?: string }[],
): Map<string, string> {
  return new Map(rows.map((r) => [r.id, endpointLabel(r)]));
}
