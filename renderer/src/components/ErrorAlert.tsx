import { Alert, AlertTitle } from '@mui/material';
import { describeError } from '../api';

/** Every failure looks the same: HRESULT name + sentence for HNS errors, field issues for bad input. */
export function ErrorAlert({
  error,
  action,
  title,
}: {
  error: unknown;
  action?: React.ReactNode;
  title?: string;
}) {
  const d = describeError(error);
  return (
    <Alert severity="error" action={action} role="alert">
      <AlertTitle>{title ? `${title}: ${d.title}` : d.title}</AlertTitle>
      {d.detail}
      {d.issues && d.issues.length > 1 && (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {d.issues.map((i) => (
            <li key={`${i.field}:${i.code}`}>
              {i.field}: {i.message}
            </li>
          ))}
        </ul>
      )}
    </Alert>
  );
}
