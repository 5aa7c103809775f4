/**
 * Roll-up of progress over 10,000 commitments in 20 task forces: every task force's weighted
 * progress and counts (late included), and the Pact's, as the public pages ask for them. The service
 * sums in SQL (one grouped query); next to it, in the same run, the two naive ways: load every
 * commitment and compute in JS, or one query per task force. SQLite always; PostgreSQL when
 * PACTE21_BENCH_POSTGRES_URL or PACTE21_TEST_POSTGRES_URL is set.
 */
import { createServices, type Services } from '../src/app.js';
import type { DatabaseHandle } from '../src/platform/db/connect.js';
import { systemActor, type Actor } from '../src/platform/auth/actor.js';
import { countByStatus, isLate, rollUpProgress, type Commitment } from '../src/modules/pact/commitment-model.js';
import { commitmentsRepository } from '../src/modules/pact/commitments-repository.js';
import { taskForcesRepository } from '../src/modules/pact/task-forces-repository.js';
import { benchDatabases, formatCount, formatRatio, printTable, timed } from './harness.js';

const COMMITMENTS = 10_000;
const TASK_FORCES = 20;
const ORGANISATIONS = 20;
const RUNS = 20;
const system = systemActor('bench');
const STATUSES = ['planned', 'in_progress', 'in_progress', 'done', 'abandoned'] as const;

/** A deterministic pseudo-random sequence, so that every run rolls up the same data. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

async function setUp(services: Services): Promise<{ slug: string; territoryId: string }> {
  const slug = 'bench';
  const territory = await services.territories.createTerritory(system, { slug, level: 'epci', inseeCode: '248000531', currencyCode: 'GRAIN', currencyName: 'Le Grain' });
  await services.pact.createPact(system, slug, { title: 'Pacte 21', horizonStartYear: 2026 });
  const organisationIds: string[] = [];
  for (let i = 0; i < ORGANISATIONS; i += 1) {
    const organisation = await services.territories.createOrganisation(system, slug, { name: `Collectif ${i}`, kind: 'citizen_collective', siret: null });
    const member = await services.territories.addMember(system, slug, organisation.id, { email: `rep${i}@bench.test`, role: 'representative', displayName: `Rep ${i}` });
    const representative: Actor = { kind: 'person', personId: member.personId, via: 'session' };
    await services.pact.sign(representative, slug, organisation.id);
    organisationIds.push(organisation.id);
  }
  const taskForceIds: string[] = [];
  for (let i = 0; i < TASK_FORCES; i += 1) taskForceIds.push((await services.taskForces.create(system, slug, { name: `Task Force ${i}`, mission: 'Mesurer' })).id);
  const next = random(21);
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!;
  const rows = ['organisation,task_force,statement,milestone_date,weight,status,progress'];
  for (let i = 0; i < COMMITMENTS; i += 1) {
    const status = pick(STATUSES);
    const progress = status === 'in_progress' ? 1 + Math.floor(next() * 99) : status === 'abandoned' ? Math.floor(next() * 50) : '';
    const due = new Date(Date.UTC(2025, 0, 1) + Math.floor(next() * 5 * 365) * 86_400_000).toISOString().slice(0, 10);
    rows.push(`${pick(organisationIds)},${pick(taskForceIds)},Engagement ${i},${due},${1 + Math.floor(next() * 5)},${status},${progress}`);
  }
  const { ms, result } = await timed(() => services.pactData.importCommitments(system, slug, rows.join('\n')));
  console.log(`  set-up: ${formatCount(result.length)} commitments imported from CSV in ${formatCount(ms)} ms`);
  return { slug, territoryId: territory.id };
}

interface RollUp {
  taskForces: Map<string, { progress: number | null; late: number; done: number }>;
  pact: number | null;
}

/** The service: one grouped SQL query for the task forces' page, one for the Pact's. */
async function throughService(services: Services, slug: string): Promise<RollUp> {
  const taskForces = await services.taskForces.list(slug);
  const overview = await services.pact.overview(slug);
  return { taskForces: new Map(taskForces.map((t) => [t.id, { progress: t.progress, late: t.commitmentCounts.late, done: t.commitmentCounts.done }])), pact: overview.progress };
}

function rollUpInJs(taskForceIds: readonly string[], commitments: readonly Commitment[], today: string): RollUp {
  const byTaskForce = new Map<string, Commitment[]>(taskForceIds.map((id) => [id, []]));
  for (const c of commitments) if (c.taskForceId) byTaskForce.get(c.taskForceId)?.push(c);
  return {
    taskForces: new Map(
      [...byTaskForce].map(([id, items]) => [id, { progress: rollUpProgress(items), late: items.filter((c) => isLate(c, today)).length, done: countByStatus(items).done }]),
    ),
    pact: rollUpProgress(commitments),
  };
}

// The naive pages read what the service's pages read besides the roll-up (task forces with their
// plans, the Pact with its signatories), so that only the roll-up differs.

/** Naive: load every commitment of the territory and compute in JS. */
async function loadEverything(services: Services, database: DatabaseHandle, slug: string, territoryId: string, today: string): Promise<RollUp> {
  await services.pact.listSignatures(slug);
  const taskForces = await taskForcesRepository.listTaskForces(database.db, territoryId);
  const commitments = await commitmentsRepository.listCommitments(database.db, territoryId);
  return rollUpInJs(taskForces.map((t) => t.id), commitments, today);
}

/** Naive: one query per task force, then the Pact's over all of them. */
async function queryPerTaskForce(services: Services, database: DatabaseHandle, slug: string, territoryId: string, today: string): Promise<RollUp> {
  await services.pact.listSignatures(slug);
  const taskForces = await taskForcesRepository.listTaskForces(database.db, territoryId);
  const all: Commitment[] = [];
  for (const tf of taskForces) all.push(...(await commitmentsRepository.listCommitments(database.db, territoryId, { taskForceId: tf.id })));
  all.push(...(await commitmentsRepository.listCommitments(database.db, territoryId)).filter((c) => c.taskForceId === null));
  return rollUpInJs(taskForces.map((t) => t.id), all, today);
}

async function median(work: () => Promise<RollUp>): Promise<{ ms: number; result: RollUp }> {
  await work();
  const times: number[] = [];
  let result: RollUp | undefined;
  for (let i = 0; i < RUNS; i += 1) {
    const run = await timed(work);
    times.push(run.ms);
    result = run.result;
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, result: result! };
}

function sameRollUp(a: RollUp, b: RollUp): boolean {
  const close = (x: number | null, y: number | null) => (x === null ? y === null : y !== null && Math.abs(x - y) < 1e-9);
  return close(a.pact, b.pact) && [...a.taskForces].every(([id, v]) => {
    const w = b.taskForces.get(id);
    return w !== undefined && close(v.progress, w.progress) && v.late === w.late && v.done === w.done;
  });
}

async function run(label: string, database: DatabaseHandle) {
  console.log(`${label}: ${formatCount(COMMITMENTS)} commitments in ${TASK_FORCES} task forces, median of ${RUNS} runs`);
  const services = createServices(database);
  const { slug, territoryId } = await setUp(services);
  const today = new Date().toISOString().slice(0, 10);
  const sql = await median(() => throughService(services, slug));
  const everything = await median(() => loadEverything(services, database, slug, territoryId, today));
  const perTaskForce = await median(() => queryPerTaskForce(services, database, slug, territoryId, today));
  if (!sameRollUp(sql.result, everything.result) || !sameRollUp(sql.result, perTaskForce.result)) throw new Error('the roll-ups disagree');
  // What the pages cost besides the roll-up (task forces' plans, signatories' names) is the same in
  // the three; the grouped query alone shows what the aggregation itself costs.
  const queryAlone = await median(async () => {
    await commitmentsRepository.rollUp(database.db, territoryId, today);
    return sql.result;
  });
  printTable(
    ['approach', 'ms per page', 'vs service'],
    [
      ['service: SQL aggregation (task forces page + Pact page)', sql.ms.toFixed(1), formatRatio(1)],
      ['naive: load every commitment, roll up in JS', everything.ms.toFixed(1), formatRatio(everything.ms / sql.ms)],
      ['naive: one query per task force, roll up in JS', perTaskForce.ms.toFixed(1), formatRatio(perTaskForce.ms / sql.ms)],
      ['(the grouped roll-up query alone)', queryAlone.ms.toFixed(1), ''],
    ],
  );
  console.log(`  Pact progress ${sql.result.pact?.toFixed(2)} %, identical by the three approaches`);
}

for (const database of benchDatabases()) {
  const { handle, dispose } = await database.open();
  try {
    await run(database.label, handle);
  } finally {
    await dispose();
  }
}
