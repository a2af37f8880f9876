import { Accordion, AccordionDetails, AccordionSummary, Box, Typography } from '@mui/material';
import ExpandMore from '@mui/icons-material/ExpandMore';
import { CopyButton } from '../../components/CopyButton';

/** The HNS JSON exactly as read: collapsed by default (it is long), always copyable. */
export function RawJson({
  value,
  title,
  defaultExpanded = false,
}: {
  value: unknown;
  title: string;
  defaultExpanded?: boolean;
}) {
  const text = JSON.stringify(value, null, 2);
  return (
    <Accordion defaultExpanded={defaultExpanded} disableGutters variant="outlined">
      <AccordionSummary expandIcon={<ExpandMore />}>
        <Typography variant="subtitle2" component="span">
          {title}
        </Typography>
      </AccordionSummary>
      <AccordionDetails sx={{ position: 'relative' }}>
        <Box sx={{ position: 'absolute', right: 8, top: 0 }}>
          <CopyButton text={text} label={`Copy ${title}`} />
        </Box>
        <Box
          component="pre"
          tabIndex={0}
          aria-label={title}
          sx={{
            m: 0,
            maxHeight: 420,
            overflow: 'auto',
            fontSize: 12,
            bgcolor: 'action.hover',
            p: 1,
            borderRadius: 1,
          }}
        >
          {text}
        </Box>
      </AccordionDetails>
    </Accordion>
  );
}
