import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import { Alert, Button, Portal, Snackbar } from '@mui/material';

export interface Notice {
  message: string;
  severity?: 'success' | 'info' | 'warning' | 'error';
  /** e.g. Undo: the snackbar stays longer when there is something to click. */
  action?: { label: string; run: () => void };
}

const NotifyContext = createContext<(n: Notice) => void>(() => {});

/** One snackbar for the app; a new notice replaces the old one (key forces a fresh timer). */
export function NotifierProvider({ children }: { children: React.ReactNode }) {
  const [notice, setNotice] = useState<(Notice & { key: number }) | null>(null);
  const notify = useCallback((n: Notice) => setNotice({ ...n, key: Date.now() }), []);
  const close = () => setNotice(null);
  const value = useMemo(() => notify, [notify]);
  return (
    <NotifyContext.Provider value={value}>
      {children}
      {/* Portaled after any open drawer/dialog: a modal aria-hides what existed before it opened, and
          Undo must stay reachable (the detail drawer also lets focus leave it, see EndpointDrawer). */}
      <Portal>
        <Snackbar
          key={notice?.key}
          open={notice !== null}
          autoHideDuration={notice?.action ? 10_000 : 5_000}
          onClose={(_e, reason) => reason !== 'clickaway' && close()}
          anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        >
          <Alert
            severity={notice?.severity ?? 'success'}
            variant="filled"
            onClose={close}
            action={
              notice?.action ? (
                <Button
                  color="inherit"
                  size="small"
                  onClick={() => {
                    notice.action?.run();
                    close();
                  }}
                >
                  {notice.action.label}
                </Button>
              ) : undefined
            }
          >
            {notice?.message}
          </Alert>
        </Snackbar>
      </Portal>
    </NotifyContext.Provider>
  );
}

export function useNotify(): (n: Notice) => void {
  return useContext(NotifyContext);
}
