import ErrorIcon from '@mui/icons-material/Error';
import Info from '@mui/icons-material/Info';
import Warning from '@mui/icons-material/Warning';
import type { Finding } from '../../../../electron/core/views';

export type Severity = Finding['severity'];

export const SEVERITY_COLOR = { error: 'error', warning: 'warning', info: 'info' } as const;

/** Badge fills for the SVG topology (MUI palette main colours, readable on light and dark). */
export const SEVERITY_FILL: Record<Severity, string> = {
  error: '#d32f2f',
  warning: '#ed6c02',
  info: '#0288d1',
};

export function SeverityIcon({ severity }: { severity: Severity }) {
  const props = { fontSize: 'small' as const, color: SEVERITY_COLOR[severity], titleAccess: severity };
  if (severity === 'error') return <ErrorIcon {...props} />;
  if (severity === 'warning') return <Warning {...props} />;
  return <Info {...props} />;
}

/** The worst severity among findings, or null when there are none. */
export function worst(findings: readonly Finding[]): Severity | null {
  if (findings.some((f) => f.severity === 'error')) return 'error';
  if (findings.some((f) => f.severity === 'warning')) return 'warning';
  return findings.length > 0 ? 'info' : null;
}
