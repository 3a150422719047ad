/**
 * The trace map as SVG: nodes (client, services, downstream calls) with a ring whose arcs show the ok / error /
 * fault / throttle shares, arrows with request counts and mean latency. Every node and edge also says the same in
 * words (text under the node, <title>, and the accessible label), so colour is never the only signal.
 */
import { h, s } from '../query/dom.ts';
import { describeShares, layoutTraceMap, type Shares } from './trace-map-layout.ts';
import type { GraphService } from './wire-xray.ts';

const radius = 26;
const shareColors: [keyof Shares, string][] = [
  ['ok', '#2f9e6f'],
  ['error', '#d9a400'],
  ['throttle', '#b5439b'],
  ['fault', '#c43c3c'],
];

export function traceMap(services: readonly GraphService[], onNode: (name: string) => void): HTMLElement {
  const layout = layoutTraceMap(services);
  if (layout.nodes.length === 0) return h('p', { class: 'tv-muted' }, 'No traces match, so the map is empty.');
  // Drawn at its natural size and only ever shrunk (CSS max-width): stretched to a maximised panel, a map of
  // three services had nodes and labels several times the size of the text around it.
  const width = layout.width + 80;
  const svg = s('svg', { viewBox: `0 0 ${width} ${layout.height}`, width, height: layout.height, class: 'tv-map', role: 'group', 'aria-label': 'Trace map' });
  svg.append(s('defs', {}, s('marker', { id: 'tv-arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M0,0L10,5L0,10Z', class: 'tv-arrowhead' }))));
  for (const edge of layout.edges) {
    const dx = edge.to.x - edge.from.x;
    const dy = edge.to.y - edge.from.y;
    const len = Math.max(1, Math.hypot(dx, dy));
    const x1 = edge.from.x + (dx / len) * radius;
    const y1 = edge.from.y + (dy / len) * radius;
    const x2 = edge.to.x - (dx / len) * (radius + 2);
    const y2 = edge.to.y - (dy / len) * (radius + 2);
    const words = `${edge.from.name} → ${edge.to.name}: ${describeShares(edge.shares)}${edge.meanSeconds === undefined ? '' : ` · mean ${(edge.meanSeconds * 1000).toFixed(1)} ms`}`;
    const faulty = edge.shares.fault > 0 || edge.shares.error > 0;
    svg.append(
      s('g', { class: 'tv-edge' },
        s('title', {}, words),
        s('line', { x1, y1, x2, y2, class: faulty ? 'tv-edge-line tv-edge-bad' : 'tv-edge-line', 'marker-end': 'url(#tv-arrow)' }),
        s('text', { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 6, 'text-anchor': 'middle', class: 'tv-edge-label' }, `${edge.shares.total}${faulty ? ' !' : ''}`),
      ),
    );
  }
  for (const node of layout.nodes) {
    const words = `${node.name} (${node.kind === 'client' ? 'client' : node.type}): ${describeShares(node.shares)}${node.meanSeconds === undefined ? '' : ` · mean ${(node.meanSeconds * 1000).toFixed(1)} ms`}`;
    const center = node.kind === 'client' ? 'client' : node.meanSeconds === undefined ? '–' : `${(node.meanSeconds * 1000).toFixed(0)} ms`;
    const bad = node.shares.fault + node.shares.error + node.shares.throttle;
    const below = `${node.shares.total} req${bad > 0 ? ` · ${bad} not ok` : ''}`;
    // The name (the <title>) starts with the visible text (WCAG 2.5.3), then says the rest in words.
    const g = s('g', { class: `tv-node tv-node-${node.kind}`, tabindex: 0, role: 'button' });
    g.append(s('title', {}, `${center} ${node.name} ${below} — ${words}.${node.kind === 'client' ? '' : ' Filter traces by this service.'}`));
    g.append(s('circle', { cx: node.x, cy: node.y, r: radius, class: 'tv-node-bg' }));
    let angle = -Math.PI / 2;
    for (const [key, color] of shareColors) {
      const share = node.shares.total === 0 ? 0 : node.shares[key] / node.shares.total;
      if (share <= 0) continue;
      g.append(s('path', { d: arc(node.x, node.y, radius, angle, angle + share * Math.PI * 2), stroke: color, class: 'tv-ring' }));
      angle += share * Math.PI * 2;
    }
    g.append(s('text', { x: node.x, y: node.y + 4, 'text-anchor': 'middle', class: 'tv-node-count' }, center));
    g.append(s('text', { x: node.x, y: node.y + radius + 14, 'text-anchor': 'middle', class: 'tv-node-name' }, node.name));
    g.append(s('text', { x: node.x, y: node.y + radius + 27, 'text-anchor': 'middle', class: 'tv-node-sub' }, below));
    if (node.kind !== 'client') {
      const pick = (): void => onNode(node.name);
      g.addEventListener('click', pick);
      g.addEventListener('keydown', (e) => {
        if ((e as KeyboardEvent).key === 'Enter' || (e as KeyboardEvent).key === ' ') {
          e.preventDefault();
          pick();
        }
      });
    }
    svg.append(g);
  }
  const legend = h('p', { class: 'tv-map-legend' }, 'Ring: ', ...shareColors.map(([key, color]) => h('span', { class: 'tv-key-swatch' }, h('span', { style: `background:${color}`, 'aria-hidden': 'true' }), key)), ' · arrow number = requests, “!” = errors or faults');
  return h('figure', { class: 'tv-figure' }, svg, legend);
}

function arc(cx: number, cy: number, r: number, from: number, to: number): string {
  if (to - from >= Math.PI * 2 - 1e-6) return `M${cx},${cy - r}A${r},${r} 0 1 1 ${cx - 0.01},${cy - r}`;
  const x1 = cx + r * Math.cos(from);
  const y1 = cy + r * Math.sin(from);
  const x2 = cx + r * Math.cos(to);
  const y2 = cy + r * Math.sin(to);
  return `M${x1.toFixed(2)},${y1.toFixed(2)}A${r},${r} 0 ${to - from > Math.PI ? 1 : 0} 1 ${x2.toFixed(2)},${y2.toFixed(2)}`;
}
