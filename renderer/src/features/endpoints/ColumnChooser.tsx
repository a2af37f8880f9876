import { useState } from 'react';
import { Button, Checkbox, ListItemText, Menu, MenuItem } from '@mui/material';
import ViewColumn from '@mui/icons-material/ViewColumn';
import type { VisibilityState } from '@tanstack/react-table';
import { COLUMN_LABELS } from './columns';

export function ColumnChooser({
  value,
  onChange,
}: {
  value: VisibilityState;
  onChange: (v: VisibilityState) => void;
}) {
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <Button
        size="small"
        startIcon={<ViewColumn />}
        aria-haspopup="menu"
        aria-expanded={anchor !== null}
        onClick={(e) => setAnchor(e.currentTarget)}
      >
        Columns
      </Button>
      <Menu anchorEl={anchor} open={anchor !== null} onClose={() => setAnchor(null)}>
        {Object.entries(COLUMN_LABELS).map(([id, label]) => {
          const shown = value[id] !== false;
          return (
            <MenuItem
              key={id}
              dense
              role="menuitemcheckbox"
              aria-checked={shown}
              onClick={() => onChange({ ...value, [id]: !shown })}
            >
              <Checkbox
                size="small"
                checked={shown}
                tabIndex={-1}
                disableRipple
                slotProps={{ input: { 'aria-hidden': true } }}
              />
              <ListItemText primary={label} />
            </MenuItem>
          );
        })}
      </Menu>
    </>
  );
}
