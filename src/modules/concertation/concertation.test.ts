import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { TestClient } from '../../platform/http/test-client.js';
import { anonymous } from '../../platform/auth/actor.js';
import type { App } from '../../app.js';
import { clientAs, signedPact } from '../pact/test-factories.js';
import { createClockedTestApp } from '../funding/test-factories.js';
import { contentHash } from './snapshot-model.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

describeEachDatabase('concertation workshops', (ctx) => {
  let app: App;
  let advanceDays: (days: number) => Date;
  let t: Awaited<ReturnType<typeof signedPact>>;

  beforeEach(async () => {
    ({ app, advanceDays } = await createClockedTestApp(ctx.handle, '2026-09-01T09:00:00.000Z'));
    t = await signedPact(app);
    await app.services.pact.publishVision(t.as('facilitator'), t.slug, {
      statement: 'Boucler les flux du territoire',
      objectives: [{ title: 'Recycler davantage', indicatorCode: 'local_loop_rate', baseline: 10, targetValue: 30, unit: '%', targetYear: 2031 }],
    });
  });
  afterEach(async () => app.close());

  const api = (path: string) => `/api/v1/t/${t.slug}/concertation${path}`;
  const openEdition = async (phase: 'contributions' | 'sessions' = 'contributions') => {
    const c = app.services.concertation;
    await c.createEdition(t.as('facilitator'), t.slug, { year: 2026, title: 'Ateliers 2026', description: 'Évaluer, repérer, ajuster' });
    await c.advancePhase(t.as('facilitator'), t.slug, 2026, { to: 'contributions' });
    if (phase === 'sessions') await c.advancePhase(t.as('facilitator'), t.slug, 2026, { to: 'sessions' });
  };

  it('moves an edition through its phases in order, and starts the evaluation only with a published report', async () => {
    const listEditions = async () => (await new TestClient(app).get(api('/editions'))).json().items;
    const facilitator = await clientAs(app, t.slug, t.people.facilitator);
    const created = await facilitator.post(api('/editions'), { year: 2026, title: 'Ateliers 2026' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ year: 2026, phase: 'preparation', nextPhase: 'contributions', can: { manage: true } });
    expect((await facilitator.post(api('/editions'), { year: 2026, title: 'Encore' })).json()).toMatchObject({ status: 409, code: 'edition_exists' });

    const skip = await facilitator.post(api('/editions/2026/phase'), { to: 'sessions' });
    expect(skip.statusCode).toBe(409);
    expect(skip.json().code).toBe('invalid_transition');
    expect((await facilitator.post(api('/editions/2026/phase'), { to: 'contributions', note: 'Appel à initiatives' })).json().phase).toBe('contributions');
    expect((await facilitator.post(api('/editions/2026/phase'), { to: 'sessions' })).json().phase).toBe('sessions');
    const early = await facilitator.post(api('/editions/2026/phase'), { to: 'evaluation' });
    expect(early.json()).toMatchObject({ status: 409, code: 'report_not_published' });

    const citizen = await clientAs(app, t.slug, t.people.citizen);
    expect((await citizen.post(api('/editions/2026/phase'), { to: 'evaluation' })).statusCode).toBe(403);
    const page = (await new TestClient(app).get(api('/editions/2026'))).json();
    expect(page.phaseHistory.map((p: { phase: string; note: string }) => [p.phase, p.note])).toEqual([['preparation', ''], ['contributions', 'Appel à initiatives'], ['sessions', '']]);
    expect(page.can).toEqual({ manage: false, propose: false, support: false, register: false });
    // A visitor is still told what the phase opens once signed in: supports and registrations during the sessions.
    expect(page.opens).toEqual({ proposals: false, supports: true, registrations: true });
    expect((await listEditions()).map((e: { year: number; opens: unknown }) => [e.year, e.opens])).toEqual([[2026, { proposals: false, supports: true, registrations: true }]]);
    const chronicle = await app.services.chronicle.list(t.slug, { limit: 20 });
    expect(chronicle.items.map((e) => e.title)).toContain('Ateliers de concertation 2026 : les contributions sont ouvertes');
  });

  it('takes registrations per session, refuses a full session, and records attendance', async () => {
    await openEdition();
    const c = app.services.concertation;
    const session = await c.addSession(t.as('facilitator'), t.slug, 2026, { title: 'Atelier mobilité', startsAt: '2026-10-10T14:00:00+02:00', endsAt: '2026-10-10T17:00:00+02:00', place: 'Maison de la culture', agenda: 'Bilan', capacity: 2 });
    const bad = await (await clientAs(app, t.slug, t.people.facilitator)).post(api('/editions/2026/sessions'), { title: '', startsAt: '2026-10-10T14:00:00Z', endsAt: '2026-10-10T13:00:00Z', place: 'Ici' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['endsAt', 'title']);

    await c.register(t.as('recyclingRep'), t.slug, session.id, t.organisations.recycling);
    const lucie = await clientAs(app, t.slug, t.people.citizen);
    const registered = await lucie.post(api(`/sessions/${session.id}/registrations`), { onBehalfOf: null });
    expect(registered.statusCode).toBe(201);
    expect(registered.json()).toMatchObject({ registered: 2, myRegistration: { kind: 'civil_society', onBehalfOf: null } });
    expect((await lucie.post(api(`/sessions/${session.id}/registrations`), { onBehalfOf: null })).json().code).toBe('already_registered');
    const full = await (await clientAs(app, t.slug, t.people.wasteRep)).post(api(`/sessions/${session.id}/registrations`), { onBehalfOf: t.organisations.waste });
    expect(full.json()).toMatchObject({ status: 409, code: 'session_full' });
    const notMine = await (await clientAs(app, t.slug, t.people.ressourcerieRep)).post(api(`/sessions/${session.id}/registrations`), { onBehalfOf: t.organisations.waste });
    expect(notMine.statusCode).toBe(403);

    await c.recordAttendance(t.as('facilitator'), t.slug, session.id, { personId: t.people.citizen, attended: true });
    await c.recordAttendance(t.as('facilitator'), t.slug, session.id, { personId: t.people.recyclingRep, attended: false });
    const list = await c.sessionRegistrations(t.as('facilitator'), t.slug, session.id);
    expect(list.map((r) => [r.personName, r.kind, r.organisationName, r.attended])).toEqual([
      ['sophie', 'private', 'Picardie Recyclage <Matériaux> & "Co"', false],
      ['Lucie', 'civil_society', null, true],
    ]);
    await expect(c.sessionRegistrations(t.as('citizen'), t.slug, session.id)).rejects.toMatchObject({ status: 403 });
    expect((await c.edition(anonymous, t.slug, 2026)).sessions[0]).toMatchObject({ registered: 2, attended: 1, myRegistration: null });
  });

  it('lets anyone signed in propose while contributions are open and support once; supports close with the sessions', async () => {
    const c = app.services.concertation;
    await c.createEdition(t.as('facilitator'), t.slug, { year: 2026, title: 'Ateliers 2026', description: '' });
    const lucie = await clientAs(app, t.slug, t.people.citizen);
    const objectiveId = (await app.services.pact.currentVision(t.slug)).objectives[0]!.id;
    const body = { title: 'Un repair café par quartier', description: 'Réparer plutôt que jeter', onBehalfOf: null, objectiveIds: [objectiveId] };
    expect((await lucie.post(api('/editions/2026/initiatives'), body)).json()).toMatchObject({ status: 409, code: 'contributions_closed' });
    await c.advancePhase(t.as('facilitator'), t.slug, 2026, { to: 'contributions' });

    const invalid = await lucie.post(api('/editions/2026/initiatives'), { ...body, title: ' ', objectiveIds: ['nope'] });
    expect(invalid.statusCode).toBe(422);
    expect(invalid.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['objectiveIds[0]', 'title']);
    expect((await new TestClient(app).post(api('/editions/2026/initiatives'), body)).statusCode).toBe(401);
    expect(await c.listInitiatives(anonymous, t.slug, 2026)).toEqual([]);

    const proposed = await lucie.post(api('/editions/2026/initiatives'), body);
    expect(proposed.statusCode).toBe(201);
    const initiative = proposed.json();
    expect(initiative).toMatchObject({ status: 'proposed', proposerName: 'Lucie', kind: 'civil_society', supports: 0, objectives: [{ id: objectiveId, title: 'Recycler davantage' }] });

    const sophie = await clientAs(app, t.slug, t.people.recyclingRep);
    expect((await sophie.post(api(`/initiatives/${initiative.id}/supports`), { onBehalfOf: t.organisations.recycling })).json()).toMatchObject({ supports: 1, supportedByMe: true });
    expect((await sophie.post(api(`/initiatives/${initiative.id}/supports`), { onBehalfOf: null })).json()).toMatchObject({ status: 409, code: 'already_supported' });
    await c.support(t.as('citizen'), t.slug, initiative.id, null);
    expect((await c.initiative(anonymous, t.slug, initiative.id)).supports).toBe(2);
    await c.withdrawSupport(t.as('citizen'), t.slug, initiative.id);
    expect((await c.initiative(anonymous, t.slug, initiative.id)).supports).toBe(1);

    await c.advancePhase(t.as('facilitator'), t.slug, 2026, { to: 'sessions' });
    expect((await lucie.post(api('/editions/2026/initiatives'), body)).json().code).toBe('contributions_closed');
    await c.support(t.as('citizen'), t.slug, initiative.id, null);
    const snapshot = await app.services.evaluation.take(t.as('facilitator'), t.slug, { asOf: '2026-09-01' });
    await c.publishReport(t.as('facilitator'), t.slug, 2026, { snapshotId: snapshot.id });
    const closed = await (await clientAs(app, t.slug, t.people.wasteRep)).post(api(`/initiatives/${initiative.id}/supports`), { onBehalfOf: null });
    expect(closed.json()).toMatchObject({ status: 409, code: 'supports_closed' });
    expect((await c.initiative(anonymous, t.slug, initiative.id)).supports).toBe(2);
  });

  it('turns an accepted initiative into a Task Force linked both ways, and declines only with a reason', async () => {
    await openEdition();
    const c = app.services.concertation;
    const first = await c.propose(t.as('citizen'), t.slug, 2026, { title: 'Une ressourcerie mobile', description: 'Un camion qui collecte et répare', onBehalfOf: null, objectiveIds: [] });
    const second = await c.propose(t.as('recyclingRep'), t.slug, 2026, { title: 'Une ressourcerie itinérante', description: 'La même idée', onBehalfOf: t.organisations.recycling, objectiveIds: [] });
    const third = await c.propose(t.as('ressourcerieRep'), t.slug, 2026, { title: 'Un téléphérique', description: 'Au-dessus de la Somme', onBehalfOf: t.organisations.ressourcerie, objectiveIds: [] });
    const facilitator = await clientAs(app, t.slug, t.people.facilitator);

    await expect(c.triage(t.as('citizen'), t.slug, first.id, { decision: 'decline', reason: 'Non' })).rejects.toMatchObject({ status: 403 });
    const accepted = await facilitator.post(api(`/initiatives/${first.id}/triage`), { decision: 'accept_task_force', reason: 'Retenue à l’atelier', taskForce: { name: 'Ressourcerie mobile', mission: 'Collecter et réparer dans chaque commune' } });
    expect(accepted.statusCode).toBe(200);
    const view = accepted.json();
    expect(view).toMatchObject({ status: 'accepted', triage: { decision: 'accept_task_force', reason: 'Retenue à l’atelier', decidedBy: 'Claire' }, outcome: { kind: 'task_force', title: 'Ressourcerie mobile' } });
    const taskForce = await app.services.taskForces.get(t.slug, view.outcome.id);
    expect(taskForce).toMatchObject({ name: 'Ressourcerie mobile', status: 'proposed' });
    const back = await new TestClient(app).get(api(`/origins/task-forces/${taskForce.id}`));
    expect(back.json()).toEqual({ initiative: { id: first.id, title: 'Une ressourcerie mobile', editionYear: 2026 } });
    expect((await new TestClient(app).get(api(`/origins/task-forces/${t.taskForceId}`))).statusCode).toBe(404);
    const entries = (await app.services.chronicle.list(t.slug, { limit: 50 })).items;
    expect(entries.find((e) => e.kind === 'concertation.initiative_triaged')).toMatchObject({ title: 'L’initiative « Une ressourcerie mobile » devient une Task Force 21', taskForceId: taskForce.id });

    expect((await facilitator.post(api(`/initiatives/${first.id}/triage`), { decision: 'decline', reason: 'Trop tard' })).json().code).toBe('already_triaged');
    const merged = await c.triage(t.as('facilitator'), t.slug, second.id, { decision: 'merge', mergedIntoId: first.id });
    expect(merged).toMatchObject({ status: 'merged', mergedInto: { id: first.id, title: 'Une ressourcerie mobile' } });

    const noReason = await facilitator.post(api(`/initiatives/${third.id}/triage`), { decision: 'decline', reason: '  ' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().errors[0].field).toBe('reason');
    expect((await c.initiative(anonymous, t.slug, third.id)).status).toBe('proposed');
    const declined = await c.triage(t.as('facilitator'), t.slug, third.id, { decision: 'decline', reason: 'Hors du champ du Pacte' });
    expect(declined).toMatchObject({ status: 'declined', triage: { reason: 'Hors du champ du Pacte' }, outcome: null });

    const commitmentFrom = await c.propose(t.as('recyclingRep'), t.slug, 2026, { title: 'Collecter le plâtre', description: 'Une benne par déchèterie', onBehalfOf: t.organisations.recycling, objectiveIds: [] });
    const asCommitment = await c.triage(t.as('facilitator'), t.slug, commitmentFrom.id, { decision: 'accept_commitment', commitment: { ownerOrganisationId: t.organisations.recycling, statement: 'Installer une benne à plâtre par déchèterie', taskForceId: t.taskForceId, deadline: '2027-06-30' } });
    expect(asCommitment.outcome).toMatchObject({ kind: 'commitment', title: 'Installer une benne à plâtre par déchèterie' });
    expect(await c.originOf(t.slug, 'commitment', asCommitment.outcome!.id)).toMatchObject({ id: commitmentFrom.id });
  });

  it('counts participation by kind of actor and warns when a kind falls under the territory’s threshold', async () => {
    await openEdition();
    const c = app.services.concertation;
    const session = await c.addSession(t.as('facilitator'), t.slug, 2026, { title: 'Atelier', startsAt: '2026-10-10T14:00:00Z', endsAt: '2026-10-10T16:00:00Z', place: 'Mairie', agenda: '', capacity: null });
    await c.register(t.as('citizen'), t.slug, session.id, null);
    await c.register(t.as('recyclingRep'), t.slug, session.id, t.organisations.recycling);
    await c.register(t.as('recyclingStaff'), t.slug, session.id, t.organisations.recycling);
    const i = await c.propose(t.as('ressourcerieRep'), t.slug, 2026, { title: 'Idée', description: 'Une idée', onBehalfOf: t.organisations.ressourcerie, objectiveIds: [] });
    await c.support(t.as('citizen'), t.slug, i.id, null);

    const balance = (await new TestClient(app).get(api('/editions/2026/balance'))).json();
    expect(balance.overall).toEqual({ public: 0, private: 2, civil_society: 2, total: 4 });
    expect(balance.registrations).toEqual({ public: 0, private: 2, civil_society: 1, total: 3 });
    expect(balance.shares).toEqual({ public: 0, private: 50, civil_society: 50 });
    expect(balance).toMatchObject({ minimumSharePercent: 20, underRepresented: ['public'] });

    const facilitator = await clientAs(app, t.slug, t.people.facilitator);
    expect((await facilitator.put(api('/settings'), { minimumSharePercent: 60 })).json()).toMatchObject({ status: 422, errors: [{ field: 'minimumSharePercent' }] });
    await c.register(t.as('wasteRep'), t.slug, session.id, t.organisations.waste);
    expect((await c.balance(t.slug, 2026)).underRepresented).toEqual([]);
    await facilitator.put(api('/settings'), { minimumSharePercent: 25 });
    expect(await c.balance(t.slug, 2026)).toMatchObject({ shares: { public: 20, private: 40, civil_society: 40 }, underRepresented: ['public'] });
  });

  it('freezes a snapshot: later changes to the live data leave it as it was, and two snapshots compare', async () => {
    const { commitments, evaluation } = app.services;
    const made = await commitments.make(t.as('recyclingRep'), t.slug, { ownerOrganisationId: t.organisations.recycling, taskForceId: t.taskForceId, statement: 'Recycler 500 t de plâtre', milestoneDate: '2027-12-31', weight: 2 });
    advanceDays(1);
    await commitments.update(t.as('recyclingRep'), t.slug, made.id, { progress: 20 });
    advanceDays(1);
    const first = await evaluation.take(t.as('facilitator'), t.slug, { asOf: '2026-09-02' });
    expect(first.content.commitments).toEqual([expect.objectContaining({ statement: 'Recycler 500 t de plâtre', status: 'in_progress', progress: 20, ownerName: 'Picardie Recyclage <Matériaux> & "Co"' })]);
    expect(first.content.taskForces).toEqual([expect.objectContaining({ name: 'Écologie industrielle', progress: 20, commitments: 1 })]);
    expect(first.content.pact).toMatchObject({ signatories: 2, balance: { public: 0, private: 1, civil_society: 1 } });

    advanceDays(30);
    await commitments.update(t.as('recyclingRep'), t.slug, made.id, { progress: 65 });
    await app.services.pact.sign(t.as('wasteRep'), t.slug, t.organisations.waste);
    const again = await evaluation.get(t.slug, first.id);
    expect(again.content).toEqual(first.content);
    expect(contentHash(again.content)).toBe(first.contentSha256);

    // The past is read from the history: a snapshot of the first date taken now still says 20 %.
    const late = await evaluation.take(t.as('facilitator'), t.slug, { asOf: '2026-09-02' });
    expect(late.content.commitments[0]).toMatchObject({ progress: 20 });
    const second = await evaluation.take(t.as('facilitator'), t.slug, { asOf: '2026-10-03' });
    expect(second.content.commitments[0]).toMatchObject({ progress: 65 });
    expect(second.content.pact?.signatories).toBe(3);

    const comparison = (await new TestClient(app).get(api(`/snapshots/${second.id}/compare/${first.id}`))).json();
    expect(comparison.from.asOf).toBe('2026-09-02');
    expect(comparison.commitments[0]).toMatchObject({ progressBefore: 20, progressAfter: 65, delta: 45, direction: 'better' });
    expect(comparison.taskForces[0]).toMatchObject({ before: 20, after: 65, delta: 45, relativePercent: 225, direction: 'better', targetValue: 100 });

    // The database itself refuses to change a snapshot.
    await expect(sql`update evaluation_snapshots set as_of = '2020-01-01' where id = ${first.id}`.execute(app.database.db)).rejects.toThrow(/immutable/);
    const future = await (await clientAs(app, t.slug, t.people.facilitator)).post(api('/snapshots'), { asOf: '2027-01-01' });
    expect(future.json()).toMatchObject({ status: 422, errors: [{ field: 'asOf', code: 'future_date' }] });
    expect((await (await clientAs(app, t.slug, t.people.citizen)).post(api('/snapshots'), { asOf: '2026-09-01' })).statusCode).toBe(403);
    expect((await evaluation.list(t.slug)).length).toBe(3);
  });

  it('publishes the edition’s report in French and English, as a PDF with its charts, and adds it to the chronicle', async () => {
    await openEdition('sessions');
    const { commitments, evaluation, concertation } = app.services;
    const made = await commitments.make(t.as('recyclingRep'), t.slug, { ownerOrganisationId: t.organisations.recycling, taskForceId: t.taskForceId, statement: 'Recycler 500 t de plâtre', milestoneDate: '2027-12-31' });
    const before = await evaluation.take(t.as('facilitator'), t.slug, { asOf: '2026-09-01' });
    advanceDays(10);
    await commitments.update(t.as('recyclingRep'), t.slug, made.id, { progress: 40 });
    const after = await evaluation.take(t.as('facilitator'), t.slug, { asOf: '2026-09-11', editionYear: 2026 });
    const client = new TestClient(app);
    expect((await client.get(api('/editions/2026/report'))).statusCode).toBe(404);

    const facilitator = await clientAs(app, t.slug, t.people.facilitator);
    const wrongOrder = await facilitator.post(api('/editions/2026/report'), { snapshotId: before.id, comparedWithSnapshotId: after.id });
    expect(wrongOrder.json()).toMatchObject({ status: 422, errors: [{ field: 'comparedWithSnapshotId', code: 'not_earlier' }] });
    const published = await facilitator.post(api('/editions/2026/report'), { snapshotId: after.id, comparedWithSnapshotId: before.id });
    expect(published.json()).toMatchObject({ phase: 'evaluation', report: { snapshotId: after.id, asOf: '2026-09-11' } });
    expect((await facilitator.post(api('/editions/2026/report'), { snapshotId: after.id })).json().code).toBe('report_already_published');

    const fr = (await client.get(api('/editions/2026/report?lang=fr'))).json();
    expect(fr.title).toBe('Évaluation du Pacte 21 — CA Amiens Métropole');
    expect(fr.subtitle).toBe('Ateliers de concertation 2026 · situation au 11 septembre 2026');
    expect(fr.sections.map((s: { title: string }) => s.title)).toEqual(expect.arrayContaining(['Objectif : Recycler davantage', 'Task Force : Écologie industrielle', 'Certificats d’Utilité Territoriale']));
    expect(fr.overview.keyFigures.find((k: { label: string }) => k.label === 'Avancement des engagements')).toEqual({ label: 'Avancement des engagements', value: '40 %', change: '+40 points depuis le 1 septembre 2026' });
    const en = (await client.get(api('/editions/2026/report?lang=en'))).json();
    expect(en.subtitle).toBe('2026 concertation workshops · situation on 11 September 2026');
    expect(en.sections.map((s: { title: string }) => s.title)).toContain('Task Force: Écologie industrielle');

    const chart = await client.get(api('/editions/2026/report/charts/overview-task-forces.svg?lang=fr'));
    expect(chart.headers['content-type']).toContain('image/svg+xml');
    expect(chart.body).toContain('Écologie industrielle');
    expect((await client.get(api('/editions/2026/report/charts/nope.svg'))).statusCode).toBe(404);
    const pdf = await client.get(api('/editions/2026/report.pdf?lang=en'));
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

    const entry = (await app.services.chronicle.list(t.slug, { limit: 50 })).items.find((e) => e.kind === 'concertation.report_published');
    expect(entry).toMatchObject({ title: 'Rapport d’évaluation des ateliers 2026', linkPath: '/concertation/2026/report' });
    expect((await concertation.edition(anonymous, t.slug, 2026)).nextPhase).toBe('closed');

    // A closed edition changes no more: no session, no registration, no vision draft.
    const session = await concertation.addSession(t.as('facilitator'), t.slug, 2026, { title: 'Restitution', startsAt: '2026-12-01T17:00:00Z', endsAt: '2026-12-01T19:00:00Z', place: 'Mairie', agenda: '', capacity: null });
    await concertation.advancePhase(t.as('facilitator'), t.slug, 2026, { to: 'closed' });
    await expect(concertation.addSession(t.as('facilitator'), t.slug, 2026, { title: 'Encore', startsAt: '2026-12-02T17:00:00Z', endsAt: '2026-12-02T19:00:00Z', place: 'Mairie', agenda: '', capacity: null })).rejects.toMatchObject({ code: 'edition_closed' });
    await expect(concertation.updateSession(t.as('facilitator'), t.slug, session.id, { place: 'Ailleurs' })).rejects.toMatchObject({ code: 'edition_closed' });
    await expect(concertation.register(t.as('citizen'), t.slug, session.id, null)).rejects.toMatchObject({ code: 'registrations_closed' });
    const current = await app.services.pact.currentVision(t.slug);
    await expect(concertation.saveVisionDraft(t.as('facilitator'), t.slug, 2026, { statement: current.statement, objectives: current.objectives })).rejects.toMatchObject({ code: 'edition_closed' });
  });

  it('drafts the next vision from the workshop, shows the difference, and publishes it with its reason', async () => {
    await openEdition('sessions');
    const { concertation, pact } = app.services;
    const current = await pact.currentVision(t.slug);
    const [loop] = current.objectives;
    const facilitator = await clientAs(app, t.slug, t.people.facilitator);
    const saved = await facilitator.put(api('/editions/2026/vision-draft'), {
      statement: current.statement,
      objectives: [
        { ...loop!, targetValue: 35 },
        { title: 'Réparer plutôt que jeter', indicatorCode: null, baseline: null, targetValue: 20, unit: 'repair cafés', targetYear: 2030 },
      ],
    });
    expect(saved.statusCode).toBe(200);
    const draft = saved.json();
    expect(draft.diff).toMatchObject({ from: current.version, to: current.version + 1, statementChanged: false, removed: [], added: [{ title: 'Réparer plutôt que jeter' }], changed: [{ title: 'Recycler davantage', fields: [{ field: 'targetValue', before: 30, after: 35 }] }] });
    expect((await pact.currentVision(t.slug)).version).toBe(current.version);

    expect((await facilitator.post(api('/editions/2026/vision-draft/publish'), { reason: '' })).json()).toMatchObject({ status: 422, errors: [{ field: 'reason' }] });
    await expect(concertation.publishVisionDraft(t.as('citizen'), t.slug, 2026, { reason: 'Pourquoi pas' })).rejects.toMatchObject({ status: 403 });
    const published = (await facilitator.post(api('/editions/2026/vision-draft/publish'), { reason: 'Les ateliers relèvent l’ambition de bouclage' })).json();
    expect(published).toMatchObject({ version: current.version + 1, reason: 'Les ateliers relèvent l’ambition de bouclage (ateliers 2026)' });
    const now = await pact.currentVision(t.slug);
    expect(now.objectives.map((o) => [o.id === loop!.id, o.title, o.targetValue])).toEqual([[true, 'Recycler davantage', 35], [false, 'Réparer plutôt que jeter', 20]]);
    expect((await new TestClient(app).get(`/api/v1/t/${t.slug}/pact/vision/versions`)).json().items[0]).toMatchObject({ version: now.version, reason: 'Les ateliers relèvent l’ambition de bouclage (ateliers 2026)' });
    expect((await concertation.visionDraft(t.slug, 2026)).publishedVersion).toBe(now.version);
    expect((await facilitator.post(api('/editions/2026/vision-draft/publish'), { reason: 'Encore' })).json().code).toBe('draft_published');
  });

  it('keeps each territory’s workshops to itself', async () => {
    await openEdition();
    const other = await signedPact(app, 'lille', { slug: 'lille', level: 'epci', inseeCode: '200093201', currencyCode: 'LIL', currencyName: 'La Lilloise' });
    const initiative = await app.services.concertation.propose(t.as('citizen'), t.slug, 2026, { title: 'Idée amiénoise', description: 'x', onBehalfOf: null, objectiveIds: [] });
    expect((await new TestClient(app).get(`/api/v1/t/lille/concertation/editions/2026`)).statusCode).toBe(404);
    expect((await new TestClient(app).get(`/api/v1/t/lille/concertation/initiatives/${initiative.id}`)).statusCode).toBe(404);
    const lilleFacilitator = await clientAs(app, 'lille', other.people.facilitator);
    expect((await lilleFacilitator.post(`/api/v1/t/lille/concertation/initiatives/${initiative.id}/triage`, { decision: 'decline', reason: 'x' })).statusCode).toBe(404);
    expect((await lilleFacilitator.post(`/api/v1/t/amiens/concertation/initiatives/${initiative.id}/triage`, { decision: 'decline', reason: 'x' })).statusCode).toBe(403);
  });
});
