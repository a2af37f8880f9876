import { Autocomplete, TextField } from '@mui/material';
import { WELL_KNOWN_SIDS, sidName } from '../../../../electron/core/policy/model';

// The two identities proxies run as on Windows come first; the rest are there for completeness.
const CHOICES = [
  'S-1-5-18',
  'S-1-5-32-556',
  ...Object.keys(WELL_KNOWN_SIDS).filter((s) => s !== 'S-1-5-18' && s !== 'S-1-5-32-556'),
];

/** Free text (any SID) with the well-known ones offered by name. */
export function SidField({
  value,
  onChange,
  onBlur,
  error,
}: {
  value: string;
  onChange: (v: string) => void;
  onBlur: () => void;
  error?: string;
}) {
  const name = sidName(value.trim());
  return (
    <Autocomplete
      freeSolo
      options={CHOICES}
      inputValue={value}
      onInputChange={(_e, v) => onChange(v)}
      getOptionLabel={(o) => o}
      renderOption={(props, o) => {
        const { key, ...rest } = props as typeof props & { key: string };
        return (
          <li key={key} {...rest}>
            {o} — {WELL_KNOWN_SIDS[o]}
          </li>
        );
      }}
      renderInput={(params) => (
        <TextField
          {...params}
          name="userSid"
          label="Proxy user SID (not redirected)"
          size="small"
          onBlur={onBlur}
          error={!!error}
          helperText={error ?? (name ? name : 'The proxy’s own identity, so its traffic is not looped back.')}
        />
      )}
    />
  );
}
