import { useMemo } from 'react';
import { CssBaseline, ThemeProvider, createTheme, useMediaQuery } from '@mui/material';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { AppShell } from './AppShell';
import { NodesProvider } from './features/nodes/node-context';
import { NotifierProvider } from './features/notify/Notifier';
import { UiStateProvider } from './ui-state';

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } },
});

/** Theme follows the OS (prefers-color-scheme), live: Windows' light/dark switch repaints the app. */
export function App() {
  const dark = useMediaQuery('(prefers-color-scheme: dark)');
  const theme = useMemo(
    () =>
      createTheme({
        // Light mode: darker primary/warning than MUI's defaults so outlined chips and text on white
        // meet WCAG AA (4.5:1); axe runs in the e2e suite and fails on less.
        // Dark mode: dark text on the light red of contained error buttons (white on #f44336 is 3.7:1).
        palette: {
          mode: dark ? 'dark' : 'light',
          ...(dark
            ? { error: { main: '#f44336', contrastText: 'rgba(0, 0, 0, 0.87)' } }
            : { primary: { main: '#1565c0' }, warning: { main: '#a85400' }, info: { main: '#01579b' } }),
        },
        typography: { fontSize: 13 },
        components: { MuiTableCell: { styleOverrides: { sizeSmall: { paddingTop: 4, paddingBottom: 4 } } } },
      }),
    [dark],
  );
  return (
    <QueryClientProvider client={queryClient}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <NotifierProvider>
          <UiStateProvider>
            <NodesProvider>
              <AppShell />
            </NodesProvider>
          </UiStateProvider>
        </NotifierProvider>
      </ThemeProvider>
    </QueryClientProvider>
  );
}
