import { safeText } from '../safe-text';
import type { DiagnosticsReport, FlowExplanation } from '../views';
import { plural } from '../../base/plural';

// Text output of the CLI's `diagnose` and `explain` (their --json forms print the objects as-is).
// Each element of `lines` is one line; names and messages quote HNS data, so an LF inside one is
// escaped rather than allowed to start a line of its own.

const LABEL = { error: 'ERROR  ', warning: 'WARNING', info: 'INFO   ' } as const;

export function formatReport(r: DiagnosticsReport, names: Map<string, string>): string {
  const lines: string[] = [];
  for (const f of r.findings) {
    const where = f.endpointId
      ? `${names.get(f.endpointId) || f.endpointId}${f.policyIndex !== undefined ? ` policy #${f.policyIndex}` : ''}`
      : 'node';
    lines.push(`${LABEL[f.severity]} ${f.id}  ${where}`);
    lines.push(`        ${f.message}`);
    lines.push(`        fix: ${f.fix}`);
  }
  const { error, warning, info } = r.counts;
  lines.push(
    r.findings.length === 0
      ? `No problems found on ${plural(r.endpointsChecked, 'endpoint')}.`
      : `${plural(error, 'error')}, ${plural(warning, 'warning')}, ${info} info on ${plural(r.endpointsChecked, 'endpoint')}.`,
  );
  return lines.map(safeText).join('\n');
}

export function formatExplanation(x: FlowExplanation): string {
  const lines = [x.summary, ''];
  for (const s of x.steps) lines.push(`  ${s.passed ? '✓' : '✗'} ${s.check.padEnd(22)} ${s.detail}`);
  if (x.inferred.length > 0) {
    lines.push('', 'Inferred (not stated by a public source; see docs/flow-semantics.md):');
    for (const i of x.inferred) lines.push(`  - ${i}`);
  }
  return lines.map(safeText).join('\n');
}
