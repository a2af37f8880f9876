import { useState } from 'react';
import { IconButton, Tooltip } from '@mui/material';
import ContentCopy from '@mui/icons-material/ContentCopy';
import Check from '@mui/icons-material/Check';

/** Copies text; the harness page is http on 127.0.0.1 (a secure context), Electron's app:// too. */
/** `tooltip={false}` in dense tables: one MUI Tooltip per row costs render time; aria-label names it. */
export function CopyButton({
  text,
  label,
  tooltip = true,
}: {
  text: string;
  label: string;
  tooltip?: boolean;
}) {
  const [done, setDone] = useState(false);
  const copy = async (e: React.MouseEvent) => {
    e.stopPropagation();
    try {
      await navigator.clipboard.writeText(text);
      setDone(true);
      setTimeout(() => setDone(false), 1200);
    } catch {
      // Clipboard can be denied (permissions, unfocused window); the text stays selectable.
    }
  };
  const button = (
    <IconButton
      size="small"
      aria-label={label}
      title={tooltip ? undefined : label}
      onClick={copy}
      onKeyDown={(e) => e.stopPropagation()}
    >
      {done ? <Check fontSize="inherit" /> : <ContentCopy fontSize="inherit" />}
    </IconButton>
  );
  return tooltip ? <Tooltip title={done ? 'Copied' : label}>{button}</Tooltip> : button;
}
