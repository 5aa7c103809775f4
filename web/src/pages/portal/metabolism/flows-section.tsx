import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { linksOnCycles, splitTwoWayNodes } from '../../../components/sankey/cycles';
import { FlowTable, type FlowRow } from '../../../components/sankey/flow-table';
import { SankeyDiagram, type SankeyLinkDatum, type SankeyNodeDatum } from '../../../components/sankey/sankey-diagram';
import { useTonnes } from '../../../components/sankey/tonnes';
import { topCategory, type MaterialCategory, type MetabolismSankey, type MetabolismSankeyNode } from '../../../metabolism-contract';
import { useCategoryLabel } from './category-label';

export interface Drill {
  category: MaterialCategory | null;
  /** A metabolism node shown with its flows only. */
  actor: string | null;
  /** A NAF section whose actors are shown one by one. */
  section: string | null;
}

interface FlowsSectionProps {
  year: number;
  sankey: MetabolismSankey;
  drill: Drill;
  onDrill: (drill: Partial<Drill>) => void;
}

function isDrillable(node: MetabolismSankeyNode): boolean {
  return node.nodeId !== null || ((node.kind === 'actor_group' || node.kind === 'process_group') && node.nafSection !== null);
}

/** The server's node behind a diagram node (a two-way boundary is drawn as two). */
const serverId = (id: string) => id.replace(/#(source|target)$/, '');

/** What statistical secrecy kept out of the diagram: counted together, or (too few organisations) nowhere. */
function SecrecyNote({ sankey }: { sankey: MetabolismSankey }) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  if (!sankey.secret && !sankey.confidentialWithheld) return null;
  return (
    <p className="muted metabolism-secrecy">
      {sankey.secret && t('metabolism.secrecy.sankeySecret', { count: sankey.secret.flowCount, tonnes: tonnes(sankey.secret.tonnes) })}
      {sankey.secret && sankey.confidentialWithheld && ' '}
      {sankey.confidentialWithheld && t('metabolism.secrecy.withheld')}
    </p>
  );
}

/** The year's flows as a Sankey with its loops, and the same flows as a table. */
export function FlowsSection({ year, sankey, drill, onDrill }: FlowsSectionProps) {
  const { t } = useTranslation();
  const tonnes = useTonnes();
  const categoryLabel = useCategoryLabel();
  const byId = useMemo(() => new Map(sankey.nodes.map((node) => [node.id, node])), [sankey]);

  const { nodes, links, loops } = useMemo(() => {
    const baseNodes: SankeyNodeDatum[] = sankey.nodes.map((node) => ({
      id: node.id,
      label: node.label,
      boundary: node.kind === 'boundary',
      drillable: isDrillable(node),
    }));
    const baseLinks: SankeyLinkDatum[] = sankey.links.map((link) => ({
      id: `${link.source}→${link.target}→${link.category}`,
      source: link.source,
      target: link.target,
      value: link.tonnes,
      category: topCategory(link.category),
      material: t('metabolism.flows.flowCount', { count: link.flowCount }),
    }));
    // Imports start on the left and exports end on the right: abroad is drawn once for each.
    const split = splitTwoWayNodes(
      baseNodes,
      baseLinks,
      (node) => node.boundary,
      (node, role) => ({ ...node, label: t(role === 'source' ? 'metabolism.flows.boundaryIn' : 'metabolism.flows.boundaryOut', { label: node.label }) }),
    );
    return { ...split, loops: linksOnCycles(split.nodes.map((node) => node.id), split.links) };
  }, [sankey, t]);

  const labelOf = useMemo(() => new Map(nodes.map((node) => [node.id, node.label])), [nodes]);
  const rows = useMemo<FlowRow[]>(
    () =>
      links.map((link) => ({
        id: link.id,
        source: labelOf.get(link.source) ?? link.source,
        target: labelOf.get(link.target) ?? link.target,
        detail: link.material,
        category: link.category,
        value: link.value,
        loop: loops.has(link.id),
      })),
    [links, labelOf, loops],
  );

  const focused = drill.actor ? sankey.nodes.find((node) => node.nodeId === drill.actor) : undefined;
  const selectNode = (datum: SankeyNodeDatum) => {
    const node = byId.get(serverId(datum.id));
    if (!node) return;
    if (node.nodeId) onDrill({ actor: node.nodeId });
    else if (node.nafSection) onDrill({ section: node.nafSection });
  };

  return (
    <section aria-labelledby="flows-heading" className="section">
      <h2 id="flows-heading">{t('metabolism.flows.title', { year })}</h2>
      <p className="lead">{t('metabolism.flows.intro')}</p>
      {(drill.category || drill.actor || drill.section) && (
        <div className="alert alert--info metabolism-drill" role="status">
          <p className="alert__title">{t('metabolism.flows.drillTitle')}</p>
          <ul>
            {drill.category && (
              <li>
                {t('metabolism.flows.drillCategory', { category: categoryLabel(drill.category) })}{' '}
                <button type="button" className="button button--tertiary button--small" onClick={() => onDrill({ category: null })}>
                  {t('metabolism.flows.allCategories')}
                </button>
              </li>
            )}
            {drill.actor && (
              <li>
                {t('metabolism.flows.drillActor', { actor: focused?.label ?? drill.actor })}{' '}
                <button type="button" className="button button--tertiary button--small" onClick={() => onDrill({ actor: null })}>
                  {t('metabolism.flows.allActors')}
                </button>
              </li>
            )}
            {drill.section && (
              <li>
                {t('metabolism.flows.drillSection', { section: drill.section })}{' '}
                <button type="button" className="button button--tertiary button--small" onClick={() => onDrill({ section: null })}>
                  {t('metabolism.flows.regroup')}
                </button>
              </li>
            )}
          </ul>
        </div>
      )}
      {sankey.links.length === 0 ? (
        <>
          <p>{t('metabolism.flows.none')}</p>
          <SecrecyNote sankey={sankey} />
        </>
      ) : (
        <>
          <p>
            {t('metabolism.flows.summary', { count: links.length, total: tonnes(sankey.totalTonnes) })}{' '}
            {loops.size > 0 ? t('metabolism.flows.loops', { count: loops.size }) : t('metabolism.flows.noLoops')}
            {sankey.grouping !== 'none' && ` ${t('metabolism.flows.grouped')}`}
          </p>
          <SecrecyNote sankey={sankey} />
          <SankeyDiagram
            nodes={nodes}
            links={links}
            title={t('metabolism.flows.diagramTitle', { year, count: links.length, loops: loops.size })}
            formatTonnes={tonnes}
            categoryLabel={categoryLabel}
            onNodeSelect={selectNode}
            onCategorySelect={(category) => onDrill({ category: drill.category === category ? null : category })}
            selectedCategory={drill.category}
          />
          <FlowTable
            rows={rows}
            caption={t('metabolism.flows.tableCaption', { year })}
            detailHeading={t('metabolism.flows.detail')}
            formatTonnes={tonnes}
            categoryLabel={categoryLabel}
          />
        </>
      )}
    </section>
  );
}
