import { afterEach, beforeEach, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { createTestApp, TestClient } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';
import { clientAs, signedPact, system } from './test-factories.js';

const HEADER = 'organisation,task_force,statement,indicator,target_value,unit,deadline,milestone_date,weight,status,progress';

describeEachDatabase('pact: commitments import and open data', (ctx) => {
  let app: App;
  let t: Awaited<ReturnType<typeof signedPact>>;
  let facilitator: TestClient;
  const A = () => `/api/v1/t/${t.slug}`;
  const counts = async () => ({
    commitments: (await app.services.commitments.list(t.slug)).length,
    chronicle: (await app.services.chronicle.list(t.slug, { limit: 200 })).items.length,
    audit: (await app.services.territories.auditTrail(system, t.slug, 500)).length,
  });

  beforeEach(async () => {
    app = await createTestApp(ctx.handle, { lateSweepMinutes: 0 });
    t = await signedPact(app);
    facilitator = await clientAs(app, t.slug, t.people.facilitator);
  });
  afterEach(async () => app.close());

  it('imports every row of a valid file (SIRET or id, task force by name or id, target or milestone, status and progress)', async () => {
    const csv = [
      'organisation;task_force;statement;indicator;target_value;unit;deadline;milestone_date;weight;status;progress',
      `479 422 222 09999;écologie industrielle;Recycler 500 t de gravats;waste_diverted;500,5;t;2028-12-31;;3;in_progress;40`,
      `${t.organisations.ressourcerie};${t.taskForceId};"Réemployer; réparer";;;;;2027-06-30;1;done;`,
      `73282932000074;;'=Former deux apprentis;;;;;2027-01-01;;abandoned;20`,
    ].join('\n');
    expect((await (await clientAs(app, t.slug, t.people.recyclingRep)).post(`${A()}/commitments/import`, csv)).statusCode).toBe(403);
    const response = await facilitator.post(`${A()}/commitments/import`, csv);
    expect(response.statusCode).toBe(201);
    expect(response.json().created).toBe(3);
    const list = await app.services.commitments.list(t.slug);
    expect(list.map((c) => [c.ownerOrganisationId, c.taskForceId, c.statement, c.target?.value ?? c.milestoneDate, c.weight, c.status, c.progress])).toEqual([
      [t.organisations.recycling, t.taskForceId, 'Recycler 500 t de gravats', 500.5, 3, 'in_progress', 40],
      [t.organisations.ressourcerie, t.taskForceId, 'Réemployer; réparer', '2027-06-30', 1, 'done', 100],
      [t.organisations.ressourcerie, null, '=Former deux apprentis', '2027-01-01', 1, 'abandoned', 20],
    ]);
    expect((await app.services.commitments.get(t.slug, list[0]!.id)).updates).toMatchObject([{ progress: 40, status: 'in_progress', note: 'Importé' }]);
    expect((await app.services.chronicle.list(t.slug, { limit: 3, kind: 'commitment.made' })).items).toHaveLength(3);
    expect((await app.services.taskForces.get(t.slug, t.taskForceId)).progress).toBe(55); // (3 × 40 + 1 × 100) / 4
  });

  it('refuses a file with any bad row, naming every row and column at fault, and writes nothing', async () => {
    await app.services.pact.sign(t.as('wasteRep'), t.slug, t.organisations.waste);
    const before = await counts();
    const csv = [
      HEADER,
      `47942222209999,Écologie industrielle,Recycler,,,,,2028-01-01,2,planned,`,
      `26031673209990,,,,,,,,0,,`,
      `00000000000000,Mobilité,Rouler,,,,,2028-01-01,,fini,`,
      `${t.organisations.recycling},,Mesurer,co2,beaucoup,t,demain,,,planned,30`,
      `${t.organisations.recycling},,Double,,,,,2028-01-01,,,`,
    ].join('\n');
    const response = await facilitator.post(`${A()}/commitments/import`, csv);
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().code).toBe('invalid_csv');
    const errors = response.json().errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code]);
    const byRowAndField = (x: [number, string, string], y: [number, string, string]) => x[0] - y[0] || x[1].localeCompare(y[1]);
    expect(errors.sort(byRowAndField)).toEqual([
      [2, 'deadline', 'target_or_milestone'],
      [2, 'statement', 'required'],
      [2, 'weight', 'invalid_weight'],
      [3, 'organisation', 'unknown_organisation'],
      [3, 'status', 'invalid_status'],
      [3, 'task_force', 'unknown_task_force'],
      [4, 'deadline', 'invalid_date'],
      [4, 'status', 'planned_with_progress'],
      [4, 'target_value', 'invalid_number'],
    ]);
    expect(await counts()).toEqual(before);
    const unknownColumn = await facilitator.post(`${A()}/commitments/import`, 'organisation,statement,colour\nx,y,z\n');
    expect(unknownColumn.json().errors).toEqual([expect.objectContaining({ row: 0, field: 'colour', code: 'unknown_column' })]);
    expect(await counts()).toEqual(before);
  });

  it('publishes commitments and task forces as CSV and JSON at stable addresses, and the CSV imports back as it is', async () => {
    const { commitments } = app.services;
    const a = await commitments.make(t.as('recyclingRep'), t.slug, {
      ownerOrganisationId: t.organisations.recycling,
      taskForceId: t.taskForceId,
      statement: '-20 % de déchets, "vraiment"',
      target: { indicatorCode: 'waste_diverted', value: 12.5, unit: 't', deadline: '2020-01-01' },
      weight: 3,
    });
    await commitments.update(t.as('recyclingRep'), t.slug, a.id, { progress: 60 });
    await commitments.make(t.as('ressourcerieRep'), t.slug, { ownerOrganisationId: t.organisations.ressourcerie, statement: 'Réparer 1 000 vélos', milestoneDate: '2030-06-30' });

    const reader = new TestClient(app);
    const json = (await reader.get(`${A()}/open-data/commitments.json`)).json();
    expect(json).toMatchObject({ territory: t.slug, count: 2 });
    expect(json.items[0]).toMatchObject({
      organisationName: 'Picardie Recyclage <Matériaux> & "Co"',
      organisationSiret: '47942222209999',
      taskForceName: 'Écologie industrielle',
      weight: 3,
      progress: 60,
      status: 'in_progress',
      late: true,
    });
    const csvResponse = await reader.get(`${A()}/open-data/commitments.csv`);
    expect(csvResponse.headers['content-type']).toContain('text/csv');
    const csv = csvResponse.body;
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    expect(rows[0]).toMatchObject({ organisation: '47942222209999', task_force: 'Écologie industrielle', statement: "'-20 % de déchets, \"vraiment\"", target_value: '12.5', late: 'true', weight: '3' });

    const taskForces = (await reader.get(`${A()}/open-data/task-forces.json`)).json();
    expect(taskForces.items).toMatchObject([{ name: 'Écologie industrielle', progress: 60, weightTotal: 3, commitments: 1, inProgress: 1, late: 1, members: 1, leads: [] }]);
    const taskForcesCsv = parse((await reader.get(`${A()}/open-data/task-forces.csv`)).body, { columns: true }) as Record<string, string>[];
    expect(taskForcesCsv).toMatchObject([{ name: 'Écologie industrielle', progress: '60.00', late: '1', planned_budget_eur: '0.00' }]);

    // Round trip: the export imports back into the territory, and exports again identical but for ids and times.
    expect((await facilitator.post(`${A()}/commitments/import`, csv)).json().created).toBe(2);
    const again = (await reader.get(`${A()}/open-data/commitments.json`)).json().items;
    const data = ({ id: _i, createdAt: _c, updatedAt: _u, ...rest }: Record<string, unknown>) => rest;
    expect(again.slice(2).map(data)).toEqual(json.items.map(data));
    expect((await commitments.get(t.slug, again[2].id)).statement).toBe('-20 % de déchets, "vraiment"');
  });
});
