import { useEffect } from 'react';

/**
 * Ctrl+R and F5 refresh the data instead of reloading the page: a reload would drop the open
 * drawer, the selection and (in the harness) the session token's page state.
 */
export function useRefreshKeys(refresh: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const ctrlR = (e.ctrlKey || e.metaKey) && !e.shiftKey && e.key.toLowerCase() === 'r';
      if (ctrlR || e.key === 'F5') {
        e.preventDefault();
        refresh();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [refresh]);
}
