import { AppFailure } from '../../base/app-error';

/**
 * Picks the one item whose id starts with `ref` (case-insensitive), like `crictl`/`docker` do, or
 * whose name equals it. Zero matches and several matches are distinct, explained errors.
 */
export function pickByPrefix<T>(
  items: T[],
  ref: string,
  id: (x: T) => string,
  name: (x: T) => string | undefined,
  where: string,
): T {
  const r = ref.toLowerCase();
  const exact = items.filter((x) => id(x).toLowerCase() === r);
  const byId = exact.length ? exact : items.filter((x) => id(x).toLowerCase().startsWith(r));
  const hits = byId.length ? byId : items.filter((x) => name(x) === ref);
  const unique = [...new Map(hits.map((x) => [id(x), x])).values()];
  if (unique.length === 1) return unique[0] as T;
  if (unique.length === 0) {
    throw new AppFailure({
      code: 'not-found',
      field: 'containerId',
      message: `No container matching "${ref}" in ${where} (${items.length} containers listed).`,
    });
  }
  throw new AppFailure({
    code: 'ambiguous',
    field: 'containerId',
    message: `"${ref}" matches ${unique.length} containers in ${where}: ${unique
      .slice(0, 5)
      .map((x) => id(x).slice(0, 13))
      .join(', ')}${unique.length > 5 ? ', …' : ''}. Give more of the id.`,
  });
}
