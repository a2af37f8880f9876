import { useEffect, useLayoutEffect, useRef } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';

type KeyHandler = (e: React.KeyboardEvent, index: number, id: string) => void;

/**
 * Focus and keys of a virtualized table's rows: Enter opens, Space toggles selection, arrows/Home/End
 * move focus (scrolling the row into view first, as it may not be rendered yet), and `revealId`
 * scrolls to and focuses one row (the lookup dialog). Returns the key handler as a ref, so memoized
 * rows need not render again when it changes.
 */
export function useRowKeyboard(o: {
  count: number;
  indexOf: (id: string) => number;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  scrollRef: React.RefObject<HTMLDivElement | null>;
  onOpen: (id: string) => void;
  onToggle: (id: string) => void;
  revealId: string | null;
  onRevealed: () => void;
}): React.RefObject<KeyHandler> {
  const { virtualizer, scrollRef } = o;
  const focusRow = (index: number, align: 'auto' | 'center') => {
    if (index < 0 || index >= o.count) return;
    virtualizer.scrollToIndex(index, { align });
    requestAnimationFrame(() =>
      scrollRef.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`)?.focus(),
    );
  };
  const focusRef = useRef(focusRow);
  useLayoutEffect(() => {
    focusRef.current = focusRow;
  });

  const { revealId, onRevealed, indexOf } = o;
  useEffect(() => {
    if (!revealId) return;
    focusRef.current(indexOf(revealId), 'center');
    onRevealed();
  }, [revealId, indexOf, onRevealed]);

  const onKey: KeyHandler = (e, index, id) => {
    if (e.target !== e.currentTarget) return;
    const move: Record<string, number> = {
      ArrowDown: index + 1,
      ArrowUp: index - 1,
      Home: 0,
      End: o.count - 1,
    };
    if (e.key === 'Enter') o.onOpen(id);
    else if (e.key === ' ') {
      e.preventDefault();
      o.onToggle(id);
    } else if (e.key in move) {
      e.preventDefault();
      focusRow(move[e.key]!, 'auto');
    }
  };
  const ref = useRef(onKey);
  useLayoutEffect(() => {
    ref.current = onKey;
  });
  return ref;
}
