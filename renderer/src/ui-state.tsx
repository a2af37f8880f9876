import { createContext, useContext, useMemo, useState } from 'react';

/** Screen-level state several features touch: which endpoint is open, which are selected, dialogs. */
export interface UiState {
  openEndpointId: string | null;
  setOpenEndpointId: (id: string | null) => void;
  selected: ReadonlySet<string>;
  setSelected: (s: ReadonlySet<string>) => void;
  /** Endpoint ids the add-policy dialog targets; null when it is closed. */
  addTargets: string[] | null;
  setAddTargets: (ids: string[] | null) => void;
  /** Set by the lookup dialog: the table scrolls to this endpoint. */
  revealId: string | null;
  setRevealId: (id: string | null) => void;
}

const Ctx = createContext<UiState | null>(null);

export function UiStateProvider({ children }: { children: React.ReactNode }) {
  const [openEndpointId, setOpenEndpointId] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [addTargets, setAddTargets] = useState<string[] | null>(null);
  const [revealId, setRevealId] = useState<string | null>(null);
  const value = useMemo(
    () => ({
      openEndpointId,
      setOpenEndpointId,
      selected,
      setSelected,
      addTargets,
      setAddTargets,
      revealId,
      setRevealId,
    }),
    [openEndpointId, selected, addTargets, revealId],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useUi(): UiState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useUi outside UiStateProvider');
  return v;
}
