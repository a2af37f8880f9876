import type { BulkResult } from '../../../../electron/core/views';
import { errorLine, ResultList } from './ResultList';

/** One line per endpoint: succeeded (with any read-back warning) or failed with HRESULT name + sentence. */
export function BulkResults({ result, names }: { result: BulkResult; names: Map<string, string> }) {
  return (
    <ResultList
      succeeded={result.succeeded}
      failed={result.failed}
      rows={result.outcomes.map((o) => {
        const warn = o.result?.warnings.join(' ');
        // Added but not read back as expected (hcsshim#2571), or added with a caveat: not a plain success.
        const outcome = !o.ok ? 'failed' : warn || o.result?.readBack === 'mismatch' ? 'warning' : 'ok';
        return {
          endpointId: o.endpointId,
          outcome,
          label: names.get(o.endpointId) ?? o.endpointId,
          text: o.error
            ? errorLine(o.error)
            : warn || (o.result?.readBack === 'confirmed' ? 'Added and read back.' : 'Added.'),
        };
      })}
    />
  );
}
