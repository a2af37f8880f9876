// ConvertTo-Json's default -Depth is 2 (Windows PowerShell 5): anything deeper is written as the
// object's ToString() — "System.Collections.Hashtable", "System.Object[]", or "@{Key=Value; ...}"
// for PSCustomObjects. The data is gone; we can only say where and how to re-export.

const TRUNCATED =
  /^(System\.Collections\.Hashtable|System\.Object\[\]|System\.Management\.Automation\.PSCustomObject|@\{.*\})$/s;

export function isTruncatedValue(v: unknown): v is string {
  return typeof v === 'string' && TRUNCATED.test(v.trim());
}

/** Paths (like `Policies[2].InboundExceptions`) of every truncated value under `root`. */
export function findTruncated(root: unknown, path = ''): string[] {
  if (isTruncatedValue(root)) return [path || '(root)'];
  const out: string[] = [];
  if (Array.isArray(root)) root.forEach((v, i) => out.push(...findTruncated(v, `${path}[${i}]`)));
  else if (root && typeof root === 'object') {
    for (const [k, v] of Object.entries(root)) out.push(...findTruncated(v, path ? `${path}.${k}` : k));
  }
  return out;
}
