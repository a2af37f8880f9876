import type { SetApplyResult } from '../../../../electron/core/views';
import { plural } from '../../../../electron/base/plural';
import { errorLine, ResultList } from './ResultList';

type Outcome = SetApplyResult['outcomes'][number];

/** What happened on one endpoint, in one sentence: added, or which policy failed and what was undone. */
export function outcomeText(o: Outcome, names: readonly string[]): string {
  const name = (i: number) => `policy ${i + 1}${names[i] ? ` (${names[i]})` : ''}`;
  if (o.ok) {
    const warn = o.results.flatMap((r) => r.warnings).join(' ');
    const readBack = o.results.every((r) => r.readBack === 'confirmed') ? ' and read back' : '';
    return `Added ${plural(o.results.length, 'policy')}${readBack}.${warn ? ` ${warn}` : ''}`;
  }
  const i = o.failedPolicy ?? 0;
  const failed = `${name(i)[0]!.toUpperCase()}${name(i).slice(1)} failed: ${o.error ? errorLine(o.error) : 'unknown error'}.`;
  if (i === 0) return `${failed} Nothing was added.`;
  const undone = (o.rolledBack ?? []).length;
  if (o.rollbackError)
    return `${failed} Removing the ${plural(i, 'policy')} added before it failed too (${errorLine(o.rollbackError)}): ${plural(i - undone, 'policy')} of the set remain on this endpoint.`;
  return `${failed} The ${i === 1 ? `first policy was` : `${i} policies added before it were`} removed again; the endpoint is as before.`;
}

/** One line per endpoint of a set apply; failures say what was rolled back. */
export function SetResults({
  result,
  names,
  policyNames,
}: {
  result: SetApplyResult;
  names: ReadonlyMap<string, string>;
  policyNames: readonly string[];
}) {
  return (
    <ResultList
      succeeded={result.succeeded}
      failed={result.failed}
      rows={result.outcomes.map((o) => {
        const warn = o.ok && o.results.some((r) => r.warnings.length || r.readBack === 'mismatch');
        return {
          endpointId: o.endpointId,
          outcome: !o.ok ? 'failed' : warn ? 'warning' : 'ok',
          label: names.get(o.endpointId) ?? o.endpointId,
          text: outcomeText(o, policyNames),
        };
      })}
    />
  );
}
