import { useEffect, useState } from 'react';

/** View preferences (columns, sort) survive a restart; they are not worth a settings round-trip. */
export function usePersistentState<T>(key: string, initial: T): [T, (v: T) => void] {
  const [v, setV] = useState<T>(() => {
    try {
      const raw = localStorage.getItem(key);
      return raw === null ? initial : (JSON.parse(raw) as T);
    } catch {
      return initial;
    }
  });
  useEffect(() => {
    try {
      localStorage.setItem(key, JSON.stringify(v));
    } catch {
      // Storage full or disabled: the preference just does not persist.
    }
  }, [key, v]);
  return [v, setV];
}
