import { sql } from 'kysely';
import type { Executor } from '../../platform/db/transaction.js';
import { bulkInsert } from '../../platform/db/bulk.js';
import { dialectOf, fromDbFlag, toDbFlag, toSafeNumber } from '../../platform/db/dialect.js';
import type { MetabolismTables } from './migrations.js';
import type { Boundary, Flow, FlowMethod, MetabolismNode, NodeKind } from './model.js';

type NodeRow = Omit<MetabolismTables['metabolism_nodes'], 'territory_id'>;
type FlowRow = Omit<MetabolismTables['metabolism_flows'], 'territory_id'>;

const toNode = (r: NodeRow): MetabolismNode => ({
  id: r.id,
  year: toSafeNumber(r.year),
  kind: r.kind as NodeKind,
  boundary: r.boundary as Boundary | null,
  organisationId: r.organisation_id,
  name: r.name,
  nafSection: r.naf_section,
  balanced: fromDbFlag(r.balanced),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toFlow = (r: FlowRow): Flow => ({
  id: r.id,
  year: toSafeNumber(r.year),
  fromNodeId: r.from_node_id,
  toNodeId: r.to_node_id,
  wasteCode: r.waste_code,
  category: r.category,
  materialName: r.material_name,
  tonnes: r.tonnes,
  uncertainty: r.uncertainty,
  method: r.method as FlowMethod,
  source: r.source,
  confidential: fromDbFlag(r.confidential),
  synergyMatchId: r.synergy_match_id,
  reported: r.reported_tonnes === null ? null : { tonnes: r.reported_tonnes, uncertainty: r.reported_uncertainty, method: r.reported_method as FlowMethod },
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const NODE_COLUMNS = ['territory_id', 'id', 'year', 'kind', 'boundary', 'organisation_id', 'name', 'naf_section', 'balanced', 'created_at', 'updated_at'] as const;
const FLOW_COLUMNS = [
  'territory_id', 'id', 'year', 'from_node_id', 'to_node_id', 'waste_code', 'category', 'material_name', 'tonnes', 'uncertainty', 'method', 'source', 'confidential',
  'synergy_match_id', 'reported_tonnes', 'reported_uncertainty', 'reported_method', 'created_at', 'updated_at',
] as const;

export interface FlowPageFilter {
  year: number;
  category?: string;
  nodeId?: string;
  method?: FlowMethod;
  /** Confidential flows are listed only when the reader may see them: all, or those touching these nodes. */
  confidential: 'all' | readonly string[];
}

/** Ids compared byte-wise on both databases (collate "C" on PostgreSQL), so pages agree. */
const collated = (db: Executor, column: string) => (dialectOf(db) === 'postgres' ? sql.raw(`${column} collate "C"`) : sql.raw(column));

export const metabolismRepository = {
  async insertNodes(db: Executor, territoryId: string, nodes: readonly MetabolismNode[]): Promise<void> {
    await bulkInsert(
      db,
      'metabolism_nodes',
      NODE_COLUMNS,
      nodes.map((n) => [territoryId, n.id, BigInt(n.year), n.kind, n.boundary, n.organisationId, n.name, n.nafSection, toDbFlag(n.balanced), n.createdAt, n.updatedAt]),
    );
  },

  async listNodes(db: Executor, territoryId: string, year: number): Promise<MetabolismNode[]> {
    const rows = await db.selectFrom('metabolism_nodes').selectAll().where('territory_id', '=', territoryId).where('year', '=', BigInt(year)).orderBy('kind').orderBy('name').orderBy('id').execute();
    return rows.map(toNode);
  },

  async findNode(db: Executor, territoryId: string, id: string): Promise<MetabolismNode | undefined> {
    const row = await db.selectFrom('metabolism_nodes').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row && toNode(row);
  },

  async updateNode(db: Executor, territoryId: string, id: string, patch: Pick<MetabolismNode, 'name' | 'nafSection' | 'balanced'>, at: string): Promise<void> {
    await db
      .updateTable('metabolism_nodes')
      .set({ name: patch.name, naf_section: patch.nafSection, balanced: toDbFlag(patch.balanced), updated_at: at })
      .where('territory_id', '=', territoryId)
      .where('id', '=', id)
      .execute();
  },

  async deleteNode(db: Executor, territoryId: string, id: string): Promise<void> {
    await db.deleteFrom('metabolism_nodes').where('territory_id', '=', territoryId).where('id', '=', id).execute();
  },

  async countFlowsOfNode(db: Executor, territoryId: string, nodeId: string): Promise<number> {
    const row = await db
      .selectFrom('metabolism_flows')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .where('territory_id', '=', territoryId)
      .where((eb) => eb.or([eb('from_node_id', '=', nodeId), eb('to_node_id', '=', nodeId)]))
      .executeTakeFirstOrThrow();
    return toSafeNumber(row.n);
  },

  async listYears(db: Executor, territoryId: string): Promise<{ year: number; flows: number; tonnes: number }[]> {
    const rows = await db
      .selectFrom('metabolism_nodes')
      .leftJoin('metabolism_flows', (join) => join.onRef('metabolism_flows.territory_id', '=', 'metabolism_nodes.territory_id').onRef('metabolism_flows.from_node_id', '=', 'metabolism_nodes.id'))
      .select((eb) => ['metabolism_nodes.year', eb.fn.count<bigint>('metabolism_flows.id').as('flows'), eb.fn.sum<number | null>('metabolism_flows.tonnes').as('tonnes')])
      .where('metabolism_nodes.territory_id', '=', territoryId)
      .groupBy('metabolism_nodes.year')
      .orderBy('metabolism_nodes.year')
      .execute();
    return rows.map((r) => ({ year: toSafeNumber(r.year), flows: toSafeNumber(r.flows), tonnes: Number(r.tonnes ?? 0) }));
  },

  async insertFlows(db: Executor, territoryId: string, flows: readonly Flow[]): Promise<void> {
    await bulkInsert(
      db,
      'metabolism_flows',
      FLOW_COLUMNS,
      flows.map((f) => [
        territoryId, f.id, BigInt(f.year), f.fromNodeId, f.toNodeId, f.wasteCode, f.category, f.materialName, f.tonnes, f.uncertainty, f.method, f.source, toDbFlag(f.confidential),
        f.synergyMatchId, f.reported?.tonnes ?? null, f.reported?.uncertainty ?? null, f.reported?.method ?? null, f.createdAt, f.updatedAt,
      ]),
    );
  },

  async listFlows(db: Executor, territoryId: string, year: number): Promise<Flow[]> {
    const rows = await db.selectFrom('metabolism_flows').selectAll().where('territory_id', '=', territoryId).where('year', '=', BigInt(year)).orderBy('id').execute();
    return rows.map(toFlow);
  },

  async findFlow(db: Executor, territoryId: string, id: string): Promise<Flow | undefined> {
    const row = await db.selectFrom('metabolism_flows').selectAll().where('territory_id', '=', territoryId).where('id', '=', id).executeTakeFirst();
    return row && toFlow(row);
  },

  /** A page of flows in id order (ids are UUIDv7: creation order), after the cursor's id. */
  async pageFlows(db: Executor, territoryId: string, filter: FlowPageFilter, options: { limit: number; after?: string }): Promise<Flow[]> {
    const id = collated(db, 'id');
    const rows = await db
      .selectFrom('metabolism_flows')
      .selectAll()
      .where('territory_id', '=', territoryId)
      .where('year', '=', BigInt(filter.year))
      .$if(filter.category !== undefined, (q) =>
        filter.category === 'unallocated'
          ? q.where('category', 'is', null)
          : q.where((eb) => eb.or([eb('category', '=', filter.category!), eb('category', 'like', `${filter.category!}.%`)])),
      )
      .$if(filter.nodeId !== undefined, (q) => q.where((eb) => eb.or([eb('from_node_id', '=', filter.nodeId!), eb('to_node_id', '=', filter.nodeId!)])))
      .$if(filter.method !== undefined, (q) => q.where('method', '=', filter.method!))
      .$if(filter.confidential !== 'all', (q) => {
        const visible = filter.confidential as readonly string[];
        return q.where((eb) =>
          eb.or([
            eb('confidential', '=', 0),
            ...(visible.length > 0 ? [eb('from_node_id', 'in', visible), eb('to_node_id', 'in', visible)] : []),
          ]),
        );
      })
      .$if(options.after !== undefined, (q) => q.where(sql`${id}`, '>', options.after!))
      .orderBy(sql`${id}`)
      .limit(options.limit)
      .execute();
    return rows.map(toFlow);
  },

  async updateFlow(db: Executor, territoryId: string, flow: Flow): Promise<void> {
    await db
      .updateTable('metabolism_flows')
      .set({
        from_node_id: flow.fromNodeId,
        to_node_id: flow.toNodeId,
        waste_code: flow.wasteCode,
        category: flow.category,
        material_name: flow.materialName,
        tonnes: flow.tonnes,
        uncertainty: flow.uncertainty,
        method: flow.method,
        source: flow.source,
        confidential: toDbFlag(flow.confidential),
        synergy_match_id: flow.synergyMatchId,
        reported_tonnes: flow.reported?.tonnes ?? null,
        reported_uncertainty: flow.reported?.uncertainty ?? null,
        reported_method: flow.reported?.method ?? null,
        updated_at: flow.updatedAt,
      })
      .where('territory_id', '=', territoryId)
      .where('id', '=', flow.id)
      .execute();
  },

  async deleteFlow(db: Executor, territoryId: string, id: string): Promise<void> {
    await db.deleteFrom('metabolism_flows').where('territory_id', '=', territoryId).where('id', '=', id).execute();
  },

  async flowsOfSynergy(db: Executor, territoryId: string, matchId: string): Promise<Flow[]> {
    const rows = await db.selectFrom('metabolism_flows').selectAll().where('territory_id', '=', territoryId).where('synergy_match_id', '=', matchId).orderBy('year').execute();
    return rows.map(toFlow);
  },

  async deleteSynergyFlowsAfter(db: Executor, territoryId: string, matchId: string, year: number): Promise<number> {
    const result = await db.deleteFrom('metabolism_flows').where('territory_id', '=', territoryId).where('synergy_match_id', '=', matchId).where('year', '>', BigInt(year)).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
