import { useState } from 'react';
import { useTheme } from '@mui/material';
import { SEVERITY_FILL } from '../diagnostics/severity';
import { edgePath, layoutTopology } from './layout';
import type { TopoModel } from './model';
import { plural } from '../../../../electron/base/plural';

export interface TopologyDiagramProps {
  model: TopoModel;
  /** Clicking (or Enter on) an endpoint or one of its ports/exceptions opens that endpoint. */
  onOpenEndpoint: (endpointId: string) => void;
  /** Accessible name of the picture. */
  label?: string;
}

/** Clip ids must be unique per document (several pictures can be on screen). */
let seq = 0;

/** The SVG picture: network → endpoints → proxy ports and exceptions, with diagnostic badges. */
export function TopologyDiagram({ model, onOpenEndpoint, label = 'Topology' }: TopologyDiagramProps) {
  const t = useTheme();
  const [uid] = useState(() => `topo${++seq}`);
  const L = layoutTopology(model);
  // Long names are clipped by the box, not shortened: the full text stays in the DOM, so the
  // visible text is part of each node's accessible name (WCAG 2.5.3, axe label-content-name-mismatch).
  const clipTo = (key: string, b: { x: number; y: number; w: number; h: number }) => (
    <clipPath id={`${uid}-${key}`}>
      <rect x={b.x + 4} y={b.y} width={b.w - 14} height={b.h} />
    </clipPath>
  );
  const stroke = t.palette.divider;
  const fg = t.palette.text.primary;
  const muted = t.palette.text.secondary;
  const paper = t.palette.background.paper;
  const open = (id: string) => ({
    role: 'button',
    tabIndex: 0,
    style: { cursor: 'pointer' },
    onClick: () => onOpenEndpoint(id),
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        onOpenEndpoint(id);
      }
    },
  });
  return (
    <svg
      role="group"
      aria-label={label}
      width={L.width}
      height={L.height}
      viewBox={`0 0 ${L.width} ${L.height}`}
      style={{ maxWidth: '100%', height: 'auto', fontFamily: t.typography.fontFamily }}
    >
      {L.edges.map((e) => (
        <path key={e.key} d={edgePath(e)} fill="none" stroke={stroke} strokeWidth={1.5} />
      ))}
      {L.networks.map((n) => (
        <g key={n.network.id} data-testid="topo-network" aria-label={`Network ${n.network.name}`}>
          <rect
            x={n.x}
            y={n.y}
            width={n.w}
            height={n.h}
            rx={8}
            fill={t.palette.primary.main}
            opacity={0.12}
            stroke={t.palette.primary.main}
          />
          {clipTo(`n-${n.network.id}`, n)}
          <text
            x={n.x + 10}
            y={n.y + 18}
            fontSize={13}
            fontWeight={600}
            fill={fg}
            clipPath={`url(#${uid}-n-${n.network.id})`}
          >
            {n.network.name}
          </text>
          <text x={n.x + 10} y={n.y + 34} fontSize={11} fill={muted}>
            {plural(n.network.endpoints.length, 'endpoint')}
          </text>
        </g>
      ))}
      {L.endpoints.map((p) => {
        const ep = p.endpoint;
        const total = ep.counts.error + ep.counts.warning + ep.counts.info;
        const border = ep.severity ? SEVERITY_FILL[ep.severity] : stroke;
        const sub = `${ep.ip}${ep.leavesUnknown ? ' · loading…' : ep.leaves.length === 0 ? ' · no proxy' : ''}`;
        return (
          <g
            key={ep.id}
            data-testid="topo-endpoint"
            data-endpoint-id={ep.id}
            data-severity={ep.severity ?? 'none'}
            aria-label={`${ep.name} ${sub}${total ? ` ${plural(total, 'finding')}` : ''}`}
            {...open(ep.id)}
          >
            <title>{`${ep.name} ${ep.ip}${total ? ` — ${ep.counts.error} errors, ${ep.counts.warning} warnings` : ''}`}</title>
            <rect
              x={p.x}
              y={p.y}
              width={p.w}
              height={p.h}
              rx={8}
              fill={paper}
              stroke={border}
              strokeWidth={ep.severity ? 2 : 1}
            />
            {clipTo(`e-${ep.id}`, p)}
            <text
              x={p.x + 10}
              y={p.y + 18}
              fontSize={13}
              fontWeight={500}
              fill={fg}
              clipPath={`url(#${uid}-e-${ep.id})`}
            >
              {ep.name}
            </text>
            {/* The leading space is not drawn (collapsed) but separates the lines in the text content. */}
            <text x={p.x + 10} y={p.y + 34} fontSize={11} fill={muted}>
              {' '}
              {sub}
            </text>
            {ep.severity && (
              <g data-testid="topo-badge" aria-hidden>
                <circle cx={p.x + p.w - 4} cy={p.y + 4} r={10} fill={SEVERITY_FILL[ep.severity]} />
                <text
                  x={p.x + p.w - 4}
                  y={p.y + 8}
                  fontSize={11}
                  fontWeight={700}
                  textAnchor="middle"
                  fill="#fff"
                >
                  {' '}
                  {total}
                </text>
              </g>
            )}
          </g>
        );
      })}
      {L.leaves.map((l) => {
        const color = l.leaf.severity
          ? SEVERITY_FILL[l.leaf.severity]
          : l.leaf.kind === 'exceptions'
            ? muted
            : t.palette.primary.main;
        return (
          <g
            key={`${l.endpointId}:${l.leaf.key}`}
            data-testid="topo-leaf"
            data-kind={l.leaf.kind}
            aria-label={`${l.leaf.label}: ${l.leaf.title}`}
            {...open(l.endpointId)}
          >
            <title>{l.leaf.title}</title>
            <rect
              x={l.x}
              y={l.y}
              width={l.w}
              height={l.h}
              rx={12}
              fill={paper}
              stroke={color}
              strokeDasharray={l.leaf.kind === 'exceptions' || l.leaf.kind === 'legacy' ? '4 3' : undefined}
            />
            {clipTo(`l-${l.endpointId}-${l.leaf.key}`, l)}
            <text
              x={l.x + 10}
              y={l.y + 16}
              fontSize={11.5}
              fill={l.leaf.kind === 'exceptions' ? muted : fg}
              clipPath={`url(#${uid}-l-${l.endpointId}-${l.leaf.key})`}
            >
              {l.leaf.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
