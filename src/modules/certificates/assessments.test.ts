import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { anonymous } from '../../platform/auth/actor.js';
import { allAnswers, allReviews, certificateServices, certificateTerritory, issueCertificate, manualClock, system, type CertificateTerritory, type WithServices } from './test-factories.js';
import { defaultReferential } from './default-referential.js';

describeEachDatabase('certificates: the assessment workflow', (ctx) => {
  let app: WithServices;
  let t: CertificateTerritory;
  const clock = manualClock('2026-03-02T09:00:00.000Z');

  beforeEach(async () => {
    clock.set('2026-03-02T09:00:00.000Z');
    app = certificateServices(ctx.handle, clock.now);
    t = await certificateTerritory(app);
  });

  const assessments = () => app.services.certificates.assessments;

  it('goes from application to an issued certificate, freezing the self score and the audited score', async () => {
    const opened = await assessments().apply(t.as('recyclingRep'), t.slug, t.organisations.recycling);
    expect(opened).toMatchObject({ status: 'draft', kind: 'initial', referentialVersion: 1, organisation: { name: 'Picardie Recyclage <Matériaux> & "Co"' } });
    expect(opened.answers).toHaveLength(23);

    // Self-assessment: everything met except the community area, partly met.
    const community = Object.fromEntries(defaultReferential().areas[4]!.criteria.map((c) => [c.code, 'partly_met' as const]));
    const answered = await assessments().answer(t.as('recyclingRep'), t.slug, opened.id, allAnswers('met', community));
    expect(answered.selfScore.percent).toBe(92.5);
    expect(answered.selfScore.level).toBe('exemplaire');
    const submitted = await assessments().submit(t.as('recyclingRep'), t.slug, opened.id);
    expect(submitted.status).toBe('submitted');
    expect(submitted.snapshots).toMatchObject([{ stage: 'submitted', overallPercent: 92.5, level: 'exemplaire', referentialVersion: 1 }]);

    // The auditor finds the environment area weaker than claimed.
    clock.advanceDays(10);
    const environment = Object.fromEntries(defaultReferential().areas[3]!.criteria.map((c) => [c.code, 'not_met' as const]));
    const reviewed = await assessments().review(t.as('auditor'), t.slug, opened.id, allReviews('met', { ...community, ...environment }));
    expect(reviewed).toMatchObject({ status: 'in_review', auditorId: t.people.auditor });
    // 200 − 50 (environment) − 15 (half of community) = 135 of 200 = 67.5 %, but environment at 0 % holds every level back.
    expect(reviewed.auditScore.percent).toBe(67.5);
    expect(reviewed.auditScore.level).toBeNull();
    await expect(assessments().decide(t.as('auditor'), t.slug, opened.id, { decision: 'issue' })).rejects.toMatchObject({ status: 422, code: 'level_not_reached' });

    const fairer = await assessments().review(t.as('auditor'), t.slug, opened.id, { 'ENV-3': { status: 'met', opinion: 'Bilan carbone 2025 fourni.' }, 'ENV-4': { status: 'partly_met', opinion: 'Suivi des consommations seulement.' } });
    // Environment: 10 + 4 = 14 of 50 = 28 %; overall (135 + 14) / 200 = 74.5 %: Engagé (every area ≥ 20 %), not Confirmé (28 % < 30 %).
    expect(fairer.auditScore.percent).toBe(74.5);
    expect(fairer.auditScore.level).toBe('engage');
    await expect(assessments().decide(t.as('auditor'), t.slug, opened.id, { decision: 'issue', level: 'confirme' })).rejects.toMatchObject({ code: 'level_not_reached', errors: [{ field: 'level' }] });
    expect((await assessments().get(t.as('auditor'), t.slug, opened.id)).snapshots).toHaveLength(1);

    const decided = await assessments().decide(t.as('auditor'), t.slug, opened.id, { decision: 'issue' });
    expect(decided).toMatchObject({ status: 'issued', decision: 'issue', decisionLevel: 'engage', decidedBy: t.people.auditor });
    expect(decided.snapshots.map((s) => [s.stage, s.overallPercent, s.level])).toEqual([['submitted', 92.5, 'exemplaire'], ['audited', 74.5, 'engage']]);

    const certificate = await app.services.certificates.certificates.get(t.slug, decided.certificateId!);
    expect(certificate).toMatchObject({ status: 'active', level: { code: 'engage', label: { fr: 'Engagé' } }, scorePercent: 74.5, organisation: { siren: '479422222' } });
    expect(certificate.validUntil).toBe('2029-03-12T09:00:00.000Z');
    expect(certificate.nextUpdateDue).toBe('2027-03-12T09:00:00.000Z');

    const chronicle = (await app.services.chronicle.list(t.slug, { limit: 10 })).items;
    expect(chronicle[0]).toMatchObject({ kind: 'certificate.issued', organisationId: t.organisations.recycling, linkPath: `/certificates/${certificate.id}` });
    const trail = (await app.services.territories.auditTrail(system, t.slug, 100)).map((e) => e.action);
    expect(trail).toEqual(expect.arrayContaining(['certificate_assessment.opened', 'certificate_assessment.submitted', 'certificate_assessment.reviewed', 'certificate.issued', 'certificate_key.created']));

    // Deciding again the same way answers the first outcome; another way is a conflict.
    expect((await assessments().decide(t.as('auditor'), t.slug, opened.id, { decision: 'issue' })).certificateId).toBe(certificate.id);
    await expect(assessments().decide(t.as('auditor'), t.slug, opened.id, { decision: 'refuse', reasons: 'Non.' })).rejects.toMatchObject({ status: 409, code: 'invalid_transition' });
  });

  it('lets only the representative apply and answer, and only an auditor from outside the organisation review and decide', async () => {
    await expect(assessments().apply(anonymous, t.slug, t.organisations.recycling)).rejects.toMatchObject({ status: 401 });
    for (const who of ['recyclingStaff', 'facilitator', 'citizen', 'auditor', 'wasteRep'] as const) {
      await expect(assessments().apply(t.as(who), t.slug, t.organisations.recycling)).rejects.toMatchObject({ status: 403 });
    }
    const opened = await assessments().apply(t.as('recyclingRep'), t.slug, t.organisations.recycling);
    await expect(assessments().answer(t.as('auditor'), t.slug, opened.id, { 'GOV-1': { status: 'met' } })).rejects.toMatchObject({ status: 403 });
    await assessments().answer(t.as('recyclingRep'), t.slug, opened.id, allAnswers('met'));
    await expect(assessments().submit(t.as('recyclingStaff'), t.slug, opened.id)).rejects.toMatchObject({ status: 403 });
    await assessments().submit(t.as('recyclingRep'), t.slug, opened.id);

    for (const who of ['recyclingRep', 'facilitator', 'conflictedAuditor', 'citizen'] as const) {
      await expect(assessments().review(t.as(who), t.slug, opened.id, allReviews('met'))).rejects.toMatchObject({ status: 403 });
    }
    // Members read their organisation's assessment; other representatives and citizens do not.
    expect((await assessments().get(t.as('recyclingStaff'), t.slug, opened.id)).id).toBe(opened.id);
    expect((await assessments().get(t.as('facilitator'), t.slug, opened.id)).id).toBe(opened.id);
    await expect(assessments().get(t.as('wasteRep'), t.slug, opened.id)).rejects.toMatchObject({ status: 403 });
    await expect(assessments().list(t.as('wasteRep'), t.slug, { organisationId: t.organisations.recycling })).rejects.toMatchObject({ status: 403 });
    expect(await assessments().list(t.as('recyclingStaff'), t.slug, { organisationId: t.organisations.recycling })).toHaveLength(1);
    expect((await assessments().list(t.as('auditor'), t.slug, { status: 'submitted' })).map((a) => a.organisationName)).toEqual(['Picardie Recyclage <Matériaux> & "Co"']);
  });

  it('answers a move the state does not allow with a conflict naming the current state, and changes nothing', async () => {
    const opened = await assessments().apply(t.as('recyclingRep'), t.slug, t.organisations.recycling);
    await expect(assessments().apply(t.as('recyclingRep'), t.slug, t.organisations.recycling)).rejects.toMatchObject({ status: 409, code: 'assessment_open' });
    await expect(assessments().review(t.as('auditor'), t.slug, opened.id, allReviews('met'))).rejects.toMatchObject({ status: 409, code: 'invalid_transition', message: expect.stringContaining('current status: draft') });
    await expect(assessments().startReview(t.as('auditor'), t.slug, opened.id)).rejects.toMatchObject({ status: 409, code: 'invalid_transition' });

    await assessments().answer(t.as('recyclingRep'), t.slug, opened.id, allAnswers('met'));
    await assessments().submit(t.as('recyclingRep'), t.slug, opened.id);
    await expect(assessments().submit(t.as('recyclingRep'), t.slug, opened.id)).rejects.toMatchObject({ status: 409, message: expect.stringContaining('current status: submitted') });
    await expect(assessments().answer(t.as('recyclingRep'), t.slug, opened.id, { 'GOV-1': { status: 'not_met' } })).rejects.toMatchObject({ status: 409, code: 'invalid_transition' });
    await expect(assessments().decide(t.as('auditor'), t.slug, opened.id, { decision: 'issue' })).rejects.toMatchObject({ status: 409, message: expect.stringContaining('current status: submitted') });

    const after = await assessments().get(t.as('recyclingRep'), t.slug, opened.id);
    expect(after.status).toBe('submitted');
    expect(after.answers.find((a) => a.criterionCode === 'GOV-1')!.selfStatus).toBe('met');
    expect(after.snapshots).toHaveLength(1);
  });

  it('refuses a submission with unanswered criteria or missing evidence, naming each, and submits nothing', async () => {
    const opened = await assessments().apply(t.as('recyclingRep'), t.slug, t.organisations.recycling);
    await assessments().answer(t.as('recyclingRep'), t.slug, opened.id, { 'GOV-1': { status: 'met' }, 'GOV-2': { status: 'not_met' } });
    const refused = await assessments().submit(t.as('recyclingRep'), t.slug, opened.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({ status: 422 });
    const fields = (refused as { errors: { field: string; code: string }[] }).errors;
    expect(fields).toContainEqual({ field: 'answers.GOV-1.evidence', code: 'evidence_required', message: expect.any(String) });
    expect(fields).toContainEqual(expect.objectContaining({ field: 'answers.GOV-3.status', code: 'unanswered' }));
    expect(fields.some((f) => f.field.startsWith('answers.GOV-2'))).toBe(false);

    await expect(assessments().answer(t.as('recyclingRep'), t.slug, opened.id, { 'XYZ-1': { status: 'met' }, 'GOV-3': { evidenceUrl: 'javascript:alert(1)' } })).rejects.toMatchObject({
      status: 422,
      errors: [expect.objectContaining({ field: 'answers.XYZ-1' }), expect.objectContaining({ field: 'answers.GOV-3.evidenceUrl' })],
    });
    const after = await assessments().get(t.as('recyclingRep'), t.slug, opened.id);
    expect(after).toMatchObject({ status: 'draft', snapshots: [] });
    expect(after.answers.find((a) => a.criterionCode === 'GOV-3')!.evidenceUrl).toBeNull();
  });

  it('returns an assessment to the applicant with a note, and refuses one with reasons', async () => {
    const opened = await assessments().apply(t.as('wasteRep'), t.slug, t.organisations.waste);
    await assessments().answer(t.as('wasteRep'), t.slug, opened.id, allAnswers('partly_met'));
    await assessments().submit(t.as('wasteRep'), t.slug, opened.id);
    await assessments().startReview(t.as('auditor'), t.slug, opened.id);
    await expect(assessments().returnToApplicant(t.as('auditor'), t.slug, opened.id, '  ')).rejects.toMatchObject({ status: 422, errors: [{ field: 'note' }] });
    const returned = await assessments().returnToApplicant(t.as('auditor'), t.slug, opened.id, 'Joignez le bilan carbone.');
    expect(returned).toMatchObject({ status: 'draft', returnNote: 'Joignez le bilan carbone.' });
    await assessments().submit(t.as('wasteRep'), t.slug, opened.id);
    await assessments().review(t.as('auditor'), t.slug, opened.id, allReviews('not_met'));
    await expect(assessments().decide(t.as('auditor'), t.slug, opened.id, { decision: 'refuse' })).rejects.toMatchObject({ status: 422, errors: [{ field: 'reasons' }] });
    const refused = await assessments().decide(t.as('auditor'), t.slug, opened.id, { decision: 'refuse', reasons: 'Aucun critère n’est démontré.' });
    expect(refused).toMatchObject({ status: 'refused', decisionReasons: 'Aucun critère n’est démontré.', certificateId: null });
    expect(refused.snapshots.map((s) => s.stage)).toEqual(['submitted', 'submitted', 'audited']);
    // A refusal leaves the organisation free to apply again.
    expect((await assessments().apply(t.as('wasteRep'), t.slug, t.organisations.waste)).kind).toBe('initial');
  });

  it('files the next assessment as a yearly update, then as a renewal, superseding the certificate it replaces', async () => {
    const first = await issueCertificate(app, t, 'recycling', 'met');
    clock.advanceDays(365);
    const update = await assessments().apply(t.as('recyclingRep'), t.slug, t.organisations.recycling);
    expect(update).toMatchObject({ kind: 'yearly_update', previousCertificateId: first.certificateId });
    await assessments().withdraw(t.as('recyclingRep'), t.slug, update.id);

    const second = await issueCertificate(app, t, 'recycling', 'partly_met');
    const certificates = app.services.certificates.certificates;
    const [newer, older] = [await certificates.get(t.slug, second.certificateId), await certificates.get(t.slug, first.certificateId)];
    expect(older).toMatchObject({ status: 'superseded', supersededBy: newer.id, statusReason: 'Mis à jour par la revue annuelle.' });
    // The yearly update keeps the three-year cycle and moves the next review a year on.
    expect(newer.validUntil).toBe(older.validUntil);
    expect(newer.nextUpdateDue).toBe('2028-03-02T09:00:00.000Z');
    expect(newer.level.code).toBe('confirme');

    clock.advanceDays(600);
    expect((await assessments().apply(t.as('recyclingRep'), t.slug, t.organisations.recycling)).kind).toBe('renewal');
  });

  it('keeps the referential version of an assessment when a new version is published', async () => {
    const { certificateId } = await issueCertificate(app, t, 'recycling', 'met');
    const v1 = await app.services.certificates.referentials.current(t.slug);
    const v2 = JSON.parse(JSON.stringify({ ...v1, version: undefined, publishedAt: undefined, publishedBy: undefined })) as typeof v1;
    (v2.levels as { minOverallPercent: number }[])[0]!.minOverallPercent = 40;
    await expect(app.services.certificates.referentials.publish(t.as('auditor'), t.slug, v2)).rejects.toMatchObject({ status: 403 });
    const published = await app.services.certificates.referentials.publish(t.as('facilitator'), t.slug, v2);
    expect(published.version).toBe(2);
    expect((await app.services.certificates.certificates.get(t.slug, certificateId)).referentialVersion).toBe(1);
    expect((await app.services.certificates.referentials.version(t.slug, 1)).levels[0]!.minOverallPercent).toBe(35);
    expect((await assessments().apply(t.as('wasteRep'), t.slug, t.organisations.waste)).referentialVersion).toBe(2);
  });

  it('keeps territories apart: another territory’s assessment, organisation and certificate are not found there', async () => {
    const other = await certificateTerritory(app, 'somme');
    const { certificateId, assessment } = await issueCertificate(app, t, 'recycling', 'met');
    await expect(assessments().get(other.as('auditor'), other.slug, assessment.id)).rejects.toMatchObject({ status: 404 });
    await expect(assessments().get(other.as('auditor'), t.slug, assessment.id)).rejects.toMatchObject({ status: 403 });
    await expect(assessments().apply(other.as('recyclingRep'), other.slug, t.organisations.recycling)).rejects.toMatchObject({ status: 404 });
    await expect(app.services.certificates.certificates.get(other.slug, certificateId)).rejects.toMatchObject({ status: 404 });
    await expect(app.services.certificates.certificates.revoke(other.as('auditor'), t.slug, certificateId, 'Fraude')).rejects.toMatchObject({ status: 403 });
    expect((await app.services.certificates.certificates.registry(other.slug, { limit: 10 })).items).toEqual([]);
    expect(await assessments().list(other.as('auditor'), other.slug)).toEqual([]);
  });

  it('records measured values of the platform with the answers, and names the sources no module gives', async () => {
    // Hugo, staff of the recycling business, converts 5 % of his salary.
    await app.services.salaryShare.consent(t.as('recyclingStaff'), t.slug, t.organisations.recycling, 500);
    await app.services.salaryShare.runPayroll(system, t.slug, t.organisations.recycling, '2026-02', [{ row: 1, email: 'hugo@amiens.test', netSalary: 2_150_00n }]);
    // The territory's material accounts of 2025 (those of 2026 are not there yet): 12.5 t of scrap
    // from the recycling business to the waste service.
    const metabolism = app.services.metabolism;
    const recycling = await metabolism.createNode(t.as('facilitator'), t.slug, 2025, { kind: 'actor', organisationId: t.organisations.recycling });
    const waste = await metabolism.createNode(t.as('facilitator'), t.slug, 2025, { kind: 'actor', organisationId: t.organisations.waste });
    await metabolism.createFlow(t.as('facilitator'), t.slug, { year: 2025, fromNodeId: recycling.id, toNodeId: waste.id, tonnes: 12.5, wasteCode: '19 12 02' });

    const opened = await assessments().apply(t.as('recyclingRep'), t.slug, t.organisations.recycling);
    const byCode = new Map(opened.answers.map((a) => [a.criterionCode, a]));
    expect(byCode.get('ANC-1')).toMatchObject({ automaticSource: 'currency.salary_share', automaticValue: 5, automaticStatus: 'met', automaticSourceAvailable: true });
    expect(byCode.get('ANC-2')).toMatchObject({ automaticValue: null, automaticStatus: null });
    expect(byCode.get('GOV-3')).toMatchObject({ automaticValue: 0, automaticStatus: 'not_met' });
    expect(byCode.get('ENV-2')).toMatchObject({ automaticSource: 'metabolism.tonnes_looped', automaticValue: 12.5, automaticStatus: 'partly_met', automaticSourceAvailable: true });
    expect(byCode.get('ENV-1')).toMatchObject({ automaticSource: 'metabolism.operating_synergies', automaticValue: 0, automaticStatus: 'not_met', automaticSourceAvailable: true });
    expect(byCode.get('GOV-1')).toMatchObject({ automaticSource: null, automaticSourceAvailable: false });

    // A referential edited to name a measure no module gives: the criterion says so, and is assessed on evidence alone.
    const v1 = await app.services.certificates.referentials.current(t.slug);
    const v2 = JSON.parse(JSON.stringify({ ...v1, version: undefined, publishedAt: undefined, publishedBy: undefined })) as typeof v1;
    (v2.areas[0]!.criteria[0] as { automatic: unknown }).automatic = { source: 'mobility.shared_trips', unit: 'trajets', metAt: 100, partlyMetAt: 10 };
    await app.services.certificates.referentials.publish(t.as('facilitator'), t.slug, v2);
    const next = await assessments().apply(t.as('wasteRep'), t.slug, t.organisations.waste);
    expect(next.answers.find((a) => a.criterionCode === 'GOV-1')).toMatchObject({ automaticSource: 'mobility.shared_trips', automaticSourceAvailable: false, automaticValue: null, automaticStatus: null });
  });
});
