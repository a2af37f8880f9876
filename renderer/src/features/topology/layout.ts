import type { TopoEndpoint, TopoLeaf, TopoModel, TopoNetwork } from './model';

// Own layout instead of a graph library: the picture is a fixed three-column tree
// (network → endpoint → leaves), which a few lines place exactly. Measured (esbuild --minify,
// react external): @xyflow/react 12.12 is 188 kB JS (62 kB gzip) + 16 kB CSS, for pan/zoom/drag
// and auto-layout we do not need; this file plus the SVG component are ~6 kB.

export const COL = { network: 16, endpoint: 220, leaf: 500 } as const;
export const SIZE = {
  networkW: 170,
  endpointW: 230,
  leafW: 260,
  nodeH: 44,
  leafH: 24,
  gap: 6,
  rowGap: 14,
  pad: 16,
} as const;

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlacedNetwork extends Box {
  network: TopoNetwork;
}
export interface PlacedEndpoint extends Box {
  endpoint: TopoEndpoint;
  networkId: string;
}
export interface PlacedLeaf extends Box {
  leaf: TopoLeaf;
  endpointId: string;
}
export interface Edge {
  key: string;
  from: { x: number; y: number };
  to: { x: number; y: number };
}

export interface Layout {
  width: number;
  height: number;
  networks: PlacedNetwork[];
  endpoints: PlacedEndpoint[];
  leaves: PlacedLeaf[];
  edges: Edge[];
}

export function layoutTopology(model: TopoModel): Layout {
  const out: Layout = {
    width: COL.leaf + SIZE.leafW + SIZE.pad,
    height: 0,
    networks: [],
    endpoints: [],
    leaves: [],
    edges: [],
  };
  let y = SIZE.pad;
  for (const net of model.networks) {
    const top = y;
    for (const ep of net.endpoints) {
      const leafCount = Math.max(1, ep.leaves.length);
      const leafBlock = leafCount * SIZE.leafH + (leafCount - 1) * SIZE.gap;
      const rowH = Math.max(SIZE.nodeH, leafBlock);
      const epBox: PlacedEndpoint = {
        x: COL.endpoint,
        y: y + (rowH - SIZE.nodeH) / 2,
        w: SIZE.endpointW,
        h: SIZE.nodeH,
        endpoint: ep,
        networkId: net.id,
      };
      out.endpoints.push(epBox);
      ep.leaves.forEach((leaf, i) => {
        const lb: PlacedLeaf = {
          x: COL.leaf,
          y: y + (rowH - leafBlock) / 2 + i * (SIZE.leafH + SIZE.gap),
          w: SIZE.leafW,
          h: SIZE.leafH,
          leaf,
          endpointId: ep.id,
        };
        out.leaves.push(lb);
        out.edges.push({
          key: `${ep.id}->${leaf.key}`,
          from: { x: epBox.x + epBox.w, y: epBox.y + epBox.h / 2 },
          to: { x: lb.x, y: lb.y + lb.h / 2 },
        });
      });
      y += rowH + SIZE.rowGap;
    }
    const bottom = Math.max(top + SIZE.nodeH, y - SIZE.rowGap);
    const netBox: PlacedNetwork = {
      x: COL.network,
      y: (top + bottom) / 2 - SIZE.nodeH / 2,
      w: SIZE.networkW,
      h: SIZE.nodeH,
      network: net,
    };
    out.networks.push(netBox);
    for (const e of out.endpoints.filter((p) => p.networkId === net.id)) {
      out.edges.push({
        key: `${net.id}->${e.endpoint.id}`,
        from: { x: netBox.x + netBox.w, y: netBox.y + netBox.h / 2 },
        to: { x: e.x, y: e.y + e.h / 2 },
      });
    }
    y = Math.max(y, bottom + SIZE.rowGap) + SIZE.rowGap;
  }
  out.height = Math.max(y, SIZE.nodeH + 2 * SIZE.pad);
  return out;
}

/** A smooth left-to-right connector. */
export function edgePath(e: Edge): string {
  const mx = (e.from.x + e.to.x) / 2;
  return `M${e.from.x},${e.from.y} C${mx},${e.from.y} ${mx},${e.to.y} ${e.to.x},${e.to.y}`;
}
