import { GUID_RE } from '../../native/hns-json';
import type { EndpointSummary } from '../core/views';
import { UsageError } from './errors';
import type { CommandContext } from './commands/types';

// `diagnose` and `explain` take an endpoint by id or, for convenience on the CLI, by its HNS Name.
// A name is resolved against one endpoints.list (the same channel the GUI lists with); the caller
// keeps that list for labelling, so the node is walked once per command.

/** The help line of an <endpoint> argument: what resolveEndpointRef accepts. */
export const ENDPOINT_REF_HELP = '<endpoint>   an endpoint id or its HNS name (exact, case-insensitive)';

export function isEndpointId(ref: string): boolean {
  return GUID_RE.test(ref);
}

/** The endpoint id a reference names; a name matching none (or several) is bad input (exit 2). */
export function resolveEndpointRef(ref: string, endpoints: readonly EndpointSummary[]): string {
  if (isEndpointId(ref)) return ref;
  const hits = endpoints.filter((e) => e.name.toLowerCase() === ref.toLowerCase());
  if (hits.length === 1) return (hits[0] as EndpointSummary).id;
  throw new UsageError(
    hits.length === 0
      ? `No endpoint has the id or name "${ref}".`
      : `Several endpoints are named "${ref}"; use the id.`,
  );
}

/** The endpoint list, read only when a name must be resolved or `want` says it is needed anyway. */
export async function endpointsFor(
  ctx: CommandContext,
  ref: string | undefined,
  want: boolean,
): Promise<EndpointSummary[] | undefined> {
  if (!want && (ref === undefined || isEndpointId(ref))) return undefined;
  return ctx.call('endpoints.list', {});
}
