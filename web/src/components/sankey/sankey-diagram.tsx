import { type KeyboardEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MaterialCategory } from '../../metabolism-contract';
import { materialCategories } from '../../metabolism-contract';
import { styleOf, type CategoryStyle } from './categories';
import { layoutSankey, type LaidOutLink, type LaidOutNode } from './layout';
import './sankey.css';

export interface SankeyNodeDatum {
  id: string;
  label: string;
  /** Outside the territory (nature, abroad, rest of the country, environment, stock): drawn hollow. */
  boundary: boolean;
  /** Clicking it asks the page to drill down into this node (an actor). */
  drillable?: boolean;
}

export interface SankeyLinkDatum {
  id: string;
  source: string;
  target: string;
  /** Tonnes. */
  value: number;
  category: MaterialCategory | null;
  material: string;
}

export interface SankeyDiagramProps {
  nodes: SankeyNodeDatum[];
  links: SankeyLinkDatum[];
  /** The accessible name of the drawing: what it shows, for whom cannot see it (the table has every figure). */
  title: string;
  formatTonnes: (tonnes: number) => string;
  categoryLabel: (category: MaterialCategory | null) => string;
  onNodeSelect?: (node: SankeyNodeDatum) => void;
  onCategorySelect?: (category: MaterialCategory) => void;
  selectedCategory?: MaterialCategory | null;
}

type Node = LaidOutNode<SankeyNodeDatum>;
type Link = LaidOutLink<SankeyLinkDatum>;

const minHeight = 480;
const rowHeight = 44;
/** Room for a node and the labels beside it: below this, the diagram scrolls rather than shrinks. */
const minColumnWidth = 150;
const maxLabel = 26;
/** Room right of the last column for its labels: every label then sits right of its node. */
const labelRoom = 170;

function shorten(label: string): string {
  return label.length > maxLabel ? `${label.slice(0, maxLabel - 1)}…` : label;
}

/**
 * Laid out at the width it is shown at, so that labels keep their size: as wide as the page allows,
 * wider (with a scroll bar) when the columns need it, and as tall as its fullest column.
 */
function useLayout(nodes: SankeyNodeDatum[], links: SankeyLinkDatum[], available: number) {
  return useMemo(() => {
    const width = Math.max(320, available - labelRoom);
    // As many columns as the width holds (at least four, scrolling on a narrow screen).
    const maxColumns = Math.max(4, Math.floor(width / minColumnWidth));
    const first = layoutSankey(nodes, links, { width, height: minHeight, maxColumns });
    const perColumn = new Map<number, number>();
    for (const node of first.nodes) perColumn.set(node.column, (perColumn.get(node.column) ?? 0) + 1);
    const fullest = Math.max(0, ...perColumn.values());
    const wide = Math.max(width, first.columns * minColumnWidth);
    const tall = Math.max(minHeight, fullest * rowHeight + 80);
    const second = wide === width && tall === minHeight ? first : layoutSankey(nodes, links, { width: wide, height: tall, maxColumns });
    // Loops that share a depth leave part of the room kept for them unused: ask once more, taller.
    if (second.height >= tall * 0.9 || second.height <= 0) return second;
    return layoutSankey(nodes, links, { width: wide, height: Math.min(3 * tall, (tall * tall) / second.height), maxColumns });
  }, [nodes, links, available]);
}

/** The width of the element, followed as the window resizes. */
function useWidth(fallback: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(Math.floor(element.clientWidth) || fallback);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width) || fallback);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [fallback]);
  return { ref, width };
}

function Pattern({ id, style }: { id: string; style: CategoryStyle }) {
  const stroke = { stroke: '#ffffff', strokeOpacity: 0.5, strokeWidth: 1.25 };
  return (
    <pattern id={id} width="8" height="8" patternUnits="userSpaceOnUse">
      {style.pattern === 'diagonal' && <path d="M-2,10 L10,-2 M-2,2 L2,-2 M6,10 L10,6" {...stroke} />}
      {style.pattern === 'dots' && <circle cx="4" cy="4" r="1.5" fill="#ffffff" fillOpacity={0.6} />}
      {style.pattern === 'vertical' && <path d="M4,0 V8" {...stroke} />}
      {style.pattern === 'cross' && <path d="M0,0 L8,8 M8,0 L0,8" {...stroke} strokeWidth={1} />}
      {style.pattern === 'horizontal' && <path d="M0,4 H8" {...stroke} />}
      {style.pattern === 'grid' && <path d="M4,0 V8 M0,4 H8" {...stroke} strokeWidth={1} />}
    </pattern>
  );
}

/** The colour and texture of a category, for the legend. */
export function CategorySwatch({ category, patternId }: { category: MaterialCategory | null; patternId: string }) {
  const style = styleOf(category);
  return (
    <svg className="sankey__swatch" width="28" height="16" viewBox="0 0 28 16" aria-hidden="true" focusable="false">
      <rect width="28" height="16" rx="2" fill={style.colour} />
      {style.pattern !== 'none' && <rect width="28" height="16" rx="2" fill={`url(#${patternId})`} />}
    </svg>
  );
}

function moveFocus<T extends { id: string }>(
  event: KeyboardEvent,
  items: T[],
  index: number,
  focus: (item: T) => void,
  activate: () => void,
) {
  const last = items.length - 1;
  const next: Record<string, number> = {
    ArrowDown: Math.min(last, index + 1),
    ArrowRight: Math.min(last, index + 1),
    ArrowUp: Math.max(0, index - 1),
    ArrowLeft: Math.max(0, index - 1),
    Home: 0,
    End: last,
  };
  if (event.key in next) {
    event.preventDefault();
    const item = items[next[event.key]!];
    if (item) focus(item);
  } else if (event.key === 'Enter' || event.key === ' ') {
    event.preventDefault();
    activate();
  }
}

/**
 * A Sankey diagram that draws loops: a flow that goes back to an earlier stage leaves its source
 * to the right, runs under (or over) the diagram and comes back in from the left, drawn with a
 * dashed centre line. Nodes and links take the keyboard focus (Tab into each group, then arrows),
 * tell their tonnes in a tooltip and in the line under the drawing; the table beside it has every
 * figure for whoever does not see it.
 */
export function SankeyDiagram({
  nodes,
  links,
  title,
  formatTonnes,
  categoryLabel,
  onNodeSelect,
  onCategorySelect,
  selectedCategory = null,
}: SankeyDiagramProps) {
  const { t } = useTranslation();
  const uid = `sankey${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const { ref: frame, width: available } = useWidth(1000);
  const layout = useLayout(nodes, links, available);
  // A little too wide: shrink it to the page rather than scroll (the text stays above 11 px).
  const drawnWidth = layout.width + labelRoom;
  const fits = drawnWidth <= available * 1.2;
  const [active, setActive] = useState<{ kind: 'node' | 'link'; id: string } | null>(null);
  const [nodeStop, setNodeStop] = useState<string | null>(null);
  const [linkStop, setLinkStop] = useState<string | null>(null);
  const elements = useRef(new Map<string, SVGGElement>());

  const byId = useMemo(() => new Map(layout.nodes.map((node) => [node.id, node])), [layout]);
  const nodeOrder = useMemo(() => [...layout.nodes].sort((a, b) => a.column - b.column || a.y0 - b.y0), [layout]);
  const linkOrder = useMemo(
    () => [...layout.links].sort((a, b) => (byId.get(a.source)?.column ?? 0) - (byId.get(b.source)?.column ?? 0) || a.sourceY - b.sourceY),
    [layout, byId],
  );
  const categoriesShown = useMemo(() => {
    const present = new Set(layout.links.map((link) => link.link.category));
    return { list: materialCategories.filter((c) => present.has(c)), mixed: present.has(null) };
  }, [layout]);
  const hasLoops = layout.links.some((link) => link.circular);
  const hasBoundary = layout.nodes.some((node) => node.node.boundary);

  const patternId = (category: MaterialCategory | null) => `${uid}-pattern-${category ?? 'mixed'}`;
  const labelOf = (id: string) => byId.get(id)?.node.label ?? id;
  const describeLink = (link: Link) =>
    t('metabolism.sankey.linkDescription', {
      source: labelOf(link.source),
      target: labelOf(link.target),
      material: link.link.material,
      category: categoryLabel(link.link.category),
      tonnes: formatTonnes(link.value),
    }) + (link.circular ? ` ${t('metabolism.sankey.loopNote')}` : '');
  const describeNode = (node: Node) =>
    t('metabolism.sankey.nodeDescription', {
      label: node.node.label,
      inputs: formatTonnes(node.valueIn),
      outputs: formatTonnes(node.valueOut),
    }) + (node.node.drillable && onNodeSelect ? ` ${t('metabolism.sankey.nodeDrillHint')}` : '');

  const focusItem = (kind: 'node' | 'link', id: string) => {
    if (kind === 'node') setNodeStop(id);
    else setLinkStop(id);
    elements.current.get(`${kind}:${id}`)?.focus();
  };
  const register = (key: string) => (element: SVGGElement | null) => {
    if (element) elements.current.set(key, element);
    else elements.current.delete(key);
  };
  const nodeTabStop = nodeStop && byId.has(nodeStop) ? nodeStop : nodeOrder[0]?.id;
  const linkTabStop = linkStop && layout.links.some((l) => l.id === linkStop) ? linkStop : linkOrder[0]?.id;

  const related = (link: Link) => {
    if (!active) return true;
    if (active.kind === 'link') return active.id === link.id;
    return link.source === active.id || link.target === active.id;
  };
  const activeText = (() => {
    if (!active) return t('metabolism.sankey.keyboardHint');
    if (active.kind === 'node') {
      const node = byId.get(active.id);
      return node ? describeNode(node) : '';
    }
    const link = layout.links.find((l) => l.id === active.id);
    return link ? describeLink(link) : '';
  })();

  const selectNode = (node: Node) => {
    if (node.node.drillable && onNodeSelect) onNodeSelect(node.node);
  };
  const selectLink = (link: Link) => {
    if (link.link.category && onCategorySelect) onCategorySelect(link.link.category);
  };
  const legendCategories: (MaterialCategory | null)[] = [...categoriesShown.list, ...(categoriesShown.mixed ? [null] : [])];

  return (
    <div className="sankey">
      <div className="sankey__scroll" ref={frame}>
        <svg
          className={fits ? 'sankey__svg sankey__svg--fit' : 'sankey__svg'}
          role="img"
          aria-label={title}
          viewBox={`0 0 ${drawnWidth} ${layout.height}`}
          width={fits ? undefined : drawnWidth}
          height={fits ? undefined : layout.height}
          onMouseLeave={() => setActive(null)}
        >
          <defs>
            {legendCategories.map((category) => (
              <Pattern key={category ?? 'mixed'} id={patternId(category)} style={styleOf(category)} />
            ))}
          </defs>
          <g className="sankey__links">
            {layout.links.map((link) => {
              const style = styleOf(link.link.category);
              const dimmed = !related(link) || (selectedCategory !== null && link.link.category !== selectedCategory);
              return (
                <g
                  key={link.id}
                  ref={register(`link:${link.id}`)}
                  className={`sankey__link${link.circular ? ' sankey__link--loop' : ''}${dimmed ? ' sankey__link--dim' : ''}`}
                  data-direction={link.circular ? 'backward' : 'forward'}
                  tabIndex={link.id === linkTabStop ? 0 : -1}
                  aria-label={describeLink(link)}
                  onFocus={() => setActive({ kind: 'link', id: link.id })}
                  onMouseEnter={() => setActive({ kind: 'link', id: link.id })}
                  onClick={() => selectLink(link)}
                  onKeyDown={(event) =>
                    moveFocus(event, linkOrder, linkOrder.indexOf(link), (item) => focusItem('link', item.id), () => selectLink(link))
                  }
                >
                  <title>{describeLink(link)}</title>
                  <path className="sankey__band" d={link.path} stroke={style.colour} strokeWidth={link.width} fill="none" />
                  {style.pattern !== 'none' && link.width >= 4 && (
                    <path d={link.path} stroke={`url(#${patternId(link.link.category)})`} strokeWidth={link.width} fill="none" />
                  )}
                  {link.circular && <path className="sankey__loop-line" d={link.path} fill="none" />}
                </g>
              );
            })}
          </g>
          <g className="sankey__nodes">
            {layout.nodes.map((node) => {
              return (
                <g
                  key={node.id}
                  ref={register(`node:${node.id}`)}
                  className={`sankey__node${node.node.boundary ? ' sankey__node--boundary' : ''}${node.node.drillable && onNodeSelect ? ' sankey__node--drillable' : ''}`}
                  tabIndex={node.id === nodeTabStop ? 0 : -1}
                  aria-label={describeNode(node)}
                  onFocus={() => setActive({ kind: 'node', id: node.id })}
                  onMouseEnter={() => setActive({ kind: 'node', id: node.id })}
                  onClick={() => selectNode(node)}
                  onKeyDown={(event) =>
                    moveFocus(event, nodeOrder, nodeOrder.indexOf(node), (item) => focusItem('node', item.id), () => selectNode(node))
                  }
                >
                  <title>{describeNode(node)}</title>
                  <rect x={node.x0} y={node.y0} width={node.x1 - node.x0} height={Math.max(1, node.y1 - node.y0)} />
                  <text x={node.x1 + 6} y={(node.y0 + node.y1) / 2} dy="0.35em">
                    {shorten(node.node.label)}
                  </text>
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      <p className="sankey__details" aria-live="polite">
        {activeText}
      </p>
      <div className="sankey__legend">
        <p className="sankey__legend-title" id={`${uid}-legend`}>
          {onCategorySelect ? t('metabolism.sankey.legendDrill') : t('metabolism.sankey.legend')}
        </p>
        <ul aria-labelledby={`${uid}-legend`}>
          {legendCategories.map((category) => (
            <li key={category ?? 'mixed'}>
              {category && onCategorySelect ? (
                <button
                  type="button"
                  className="sankey__legend-button"
                  aria-pressed={selectedCategory === category}
                  onClick={() => onCategorySelect(category)}
                >
                  <CategorySwatch category={category} patternId={patternId(category)} />
                  {categoryLabel(category)}
                </button>
              ) : (
                <span className="sankey__legend-item">
                  <CategorySwatch category={category} patternId={patternId(category)} />
                  {categoryLabel(category)}
                </span>
              )}
            </li>
          ))}
          {hasLoops && (
            <li>
              <span className="sankey__legend-item">
                <svg className="sankey__swatch" width="28" height="16" viewBox="0 0 28 16" aria-hidden="true" focusable="false">
                  <rect width="28" height="16" rx="2" fill="#dddddd" />
                  <path className="sankey__loop-line" d="M0,8 H28" />
                </svg>
                {t('metabolism.sankey.loopLegend')}
              </span>
            </li>
          )}
          {hasBoundary && (
            <li>
              <span className="sankey__legend-item">
                <svg className="sankey__swatch" width="28" height="16" viewBox="0 0 28 16" aria-hidden="true" focusable="false">
                  <rect x="9" y="1" width="10" height="14" fill="#ffffff" stroke="#161616" strokeWidth="2" />
                </svg>
                {t('metabolism.sankey.boundaryLegend')}
              </span>
            </li>
          )}
        </ul>
      </div>
    </div>
  );
}
