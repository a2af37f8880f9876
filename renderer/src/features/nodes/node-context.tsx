import { createContext, useCallback, useContext, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, getCurrentNode, setCurrentNode, unwrap } from '../../api';

/** Which node the window shows, and whether it shows one node or the fleet. */
export interface NodesState {
  node: string;
  view: 'node' | 'fleet';
  /** Switches to a node's own view (each node's answers stay cached under its own key). */
  selectNode: (id: string) => void;
  setView: (v: 'node' | 'fleet') => void;
}

const Ctx = createContext<NodesState | null>(null);

export const nodesKey = ['nodes'] as const;

export function NodesProvider({ children }: { children: React.ReactNode }) {
  const [node, setNode] = useState(getCurrentNode());
  const [view, setView] = useState<'node' | 'fleet'>('node');
  const selectNode = useCallback((id: string) => {
    setView('node');
    if (id === getCurrentNode()) return;
    setCurrentNode(id);
    setNode(id);
  }, []);
  const value = useMemo(() => ({ node, view, selectNode, setView }), [node, view, selectNode]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The node whose answers the window shows (query keys carry it). */
export function useCurrentNode(): string {
  return useContext(Ctx)?.node ?? getCurrentNode();
}

export function useNodes(): NodesState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useNodes outside NodesProvider');
  return v;
}

/** `watch`: while the switcher is open, its states (connecting → connected / unreachable) stay live. */
export function useNodeList(watch = false) {
  return useQuery({
    queryKey: nodesKey,
    queryFn: () => unwrap(api.nodes.list({})),
    refetchInterval: watch ? 1000 : false,
  });
}
