import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { TestClient } from '../../platform/http/test-client.js';
import type { App } from '../../app.js';
import { allAnswers, allReviews, certificatesApp, certificateTerritory, issueCertificate, manualClock, system, type CertificateTerritory } from './test-factories.js';

const PASSWORD = 'correct-horse-battery';

describeEachDatabase('certificates: HTTP API', (ctx) => {
  let app: App;
  let t: CertificateTerritory;
  const clock = manualClock('2026-03-02T09:00:00.000Z');

  beforeEach(async () => {
    clock.set('2026-03-02T09:00:00.000Z');
    app = await certificatesApp(ctx.handle, clock.now);
    t = await certificateTerritory(app);
  });
  afterEach(async () => app.close());

  it('publishes the issuer, the credential, its status lists, page, PDF, registry, open data and verification to anyone', async () => {
    const { certificateId } = await issueCertificate(app, t, 'recycling', 'met');
    await issueCertificate(app, t, 'waste', 'partly_met');
    const anyone = new TestClient(app);

    const did = await anyone.get('/t/amiens/did.json');
    expect(did.statusCode).toBe(200);
    expect(did.headers['content-type']).toMatch(/^application\/did\+ld\+json/);
    expect(did.json()).toMatchObject({ id: 'did:web:127.0.0.1%3A3021:t:amiens', verificationMethod: [{ type: 'JsonWebKey2020', publicKeyJwk: { kty: 'OKP', crv: 'Ed25519' } }] });
    expect((await anyone.get('/api/v1/t/amiens/certificates/jwks.json')).json().keys).toHaveLength(1);

    const credential = await anyone.get(`/api/v1/t/amiens/certificates/${certificateId}/credential`);
    expect(credential.headers['content-type']).toMatch(/^application\/vc\+jwt/);
    const jwt = credential.body;
    const statusUrl = JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()).credentialStatus[0].statusListCredential as string;
    const list = await anyone.get(statusUrl.replace('http://127.0.0.1:3021', ''));
    expect(list.statusCode).toBe(200);
    expect(list.headers['content-type']).toMatch(/^application\/vc\+jwt/);

    const page = (await anyone.get(`/api/v1/t/amiens/certificates/${certificateId}`)).json();
    expect(page).toMatchObject({
      status: 'active',
      level: { code: 'exemplaire', label: { fr: 'Exemplaire' } },
      organisation: { name: 'Picardie Recyclage <Matériaux> & "Co"', siren: '479422222' },
      territory: { did: 'did:web:127.0.0.1%3A3021:t:amiens' },
      links: { verification: `http://127.0.0.1:3021/verify/amiens/${certificateId}`, pdf: `http://127.0.0.1:3021/api/v1/t/amiens/certificates/${certificateId}/pdf` },
    });
    expect(page.areaScores).toHaveLength(5);

    const pdf = await anyone.get(`/api/v1/t/amiens/certificates/${certificateId}/pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.rawPayload.length).toBeGreaterThan(2000);

    // Verification: by POST (JSON or the raw JWT) from a browser, or by GET from any client.
    expect((await anyone.post('/api/v1/certificates/verify', { credential: jwt })).json()).toMatchObject({ valid: true, certificate: { id: certificateId } });
    expect((await anyone.request('POST', '/api/v1/certificates/verify', jwt, { 'content-type': 'text/plain' })).json()).toMatchObject({ valid: true });
    const machine = await app.http.inject({ method: 'GET', url: `/api/v1/certificates/verify?credential=${encodeURIComponent(jwt.slice(0, -4))}AAAA` });
    expect(machine.json()).toMatchObject({ valid: false, reason: 'tampered', message: { fr: expect.stringContaining('modifié') } });
    // A script POSTs without any cookie or CSRF token: verifying changes nothing, so it is answered.
    const script = await app.http.inject({ method: 'POST', url: '/api/v1/certificates/verify', payload: { credential: jwt } });
    expect(script.json()).toMatchObject({ valid: true });
    // Every other change still needs the token.
    const forged = await app.http.inject({ method: 'POST', url: '/api/v1/t/amiens/certificate-assessments', payload: { organisationId: 'x' } });
    expect(forged.statusCode).toBe(403);
    expect((await anyone.get(`/api/v1/t/amiens/certificates/${certificateId}/verification`)).json()).toMatchObject({ valid: true });

    // The registry: by name, by SIREN, by level, page by page.
    const registry = (query: string) => anyone.get(`/api/v1/t/amiens/certificates?${query}`).then((r) => r.json());
    expect((await registry('')).items.map((i: { organisation: { name: string } }) => i.organisation.name)).toEqual(['Picardie Recyclage <Matériaux> & "Co"', 'Service des déchets']);
    expect((await registry('search=d%C3%A9chets')).items).toHaveLength(1);
    expect((await registry('search=4794')).items.map((i: { id: string }) => i.id)).toEqual([certificateId]);
    expect((await registry('level=confirme')).items.map((i: { organisation: { name: string } }) => i.organisation.name)).toEqual(['Service des déchets']);
    const first = await registry('limit=1');
    expect(first.nextCursor).not.toBeNull();
    expect((await registry(`limit=1&cursor=${first.nextCursor}`)).items[0].organisation.name).toBe('Service des déchets');

    const csv = await anyone.get('/api/v1/t/amiens/certificates/registry.csv');
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('certificate_id,siren,organisation_name,level,level_label,score_percent,referential_version,valid_from,valid_until,status,status_reason,page_url');
    expect(lines[1]).toContain(',479422222,"Picardie Recyclage <Matériaux> & ""Co""",exemplaire,Exemplaire,100,1,');
    expect((await anyone.get('/api/v1/t/amiens/certificates/registry.json')).json()).toHaveLength(2);

    const openapi = (await anyone.get('/api/v1/openapi.json')).json();
    expect(Object.keys(openapi.paths)).toEqual(expect.arrayContaining(['/api/v1/certificates/verify', '/api/v1/t/{territory}/certificates/{id}/pdf', '/api/v1/t/{territory}/certificate-assessments/{id}/decision']));
  });

  it('runs the workflow for signed-in people, with 401, 403 and 409 where due', async () => {
    const account = async (email: string) => app.services.auth.createAccount(system, { email, password: PASSWORD, displayName: email });
    await account('rep@amiens.test');
    await app.services.territories.addMember(system, t.slug, t.organisations.ressourcerie, { email: 'rep@amiens.test', role: 'representative' });
    const auditorAccount = await account('audit@amiens.test');
    await app.services.territories.addPerson(system, t.slug, { email: 'audit@amiens.test', displayName: 'Audit' });
    await app.services.territories.setRoles(system, t.slug, auditorAccount.id, ['auditor']);
    const rep = new TestClient(app);
    await rep.signIn('rep@amiens.test', PASSWORD);
    const auditor = new TestClient(app);
    await auditor.signIn('audit@amiens.test', PASSWORD);
    const base = '/api/v1/t/amiens/certificate-assessments';

    expect((await new TestClient(app).post(base, { organisationId: t.organisations.ressourcerie })).statusCode).toBe(401);
    expect((await auditor.post(base, { organisationId: t.organisations.ressourcerie })).statusCode).toBe(403);
    const opened = await rep.post(base, { organisationId: t.organisations.ressourcerie });
    expect(opened.statusCode).toBe(201);
    const id = opened.json().id as string;

    const bad = await rep.patch(`${base}/${id}/answers`, { answers: { 'GOV-1': { status: 'perhaps' } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await rep.patch(`${base}/${id}/answers`, { answers: allAnswers('met') })).json().selfScore.percent).toBe(100);
    expect((await rep.post(`${base}/${id}/submit`)).json().status).toBe('submitted');
    const conflict = await rep.post(`${base}/${id}/submit`);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'invalid_transition', errors: [{ field: 'status' }] });

    expect((await rep.patch(`${base}/${id}/reviews`, { reviews: allReviews('met') })).statusCode).toBe(403);
    expect((await auditor.patch(`${base}/${id}/reviews`, { reviews: allReviews('met', { 'COM-4': 'not_applicable' }) })).json().status).toBe('in_review');
    const decided = await auditor.post(`${base}/${id}/decision`, { decision: 'issue', level: 'avance' });
    expect(decided.json()).toMatchObject({ status: 'issued', decisionLevel: 'avance' });
    const certificateId = decided.json().certificateId as string;

    expect((await rep.get(`${base}/organisations/${t.organisations.ressourcerie}/status`)).json()).toMatchObject({ nextKind: 'yearly_update', certificates: [{ id: certificateId, level: { code: 'avance' } }] });
    expect((await rep.post(`/api/v1/t/amiens/certificates/${certificateId}/revoke`, { reason: 'x' })).statusCode).toBe(403);
    const revoked = await auditor.post(`/api/v1/t/amiens/certificates/${certificateId}/revoke`, { reason: 'Fausse déclaration.' });
    expect(revoked.json()).toMatchObject({ status: 'revoked', statusReason: 'Fausse déclaration.' });
    expect((await auditor.post(`/api/v1/t/amiens/certificates/${certificateId}/suspend`, { reason: 'x' })).statusCode).toBe(409);
  });

  it('lets a facilitator publish a referential and set the CUT policy, and anyone simulate the CET', async () => {
    const facilitator = await app.services.auth.createAccount(system, { email: 'fac@amiens.test', password: PASSWORD, displayName: 'Fac' });
    await app.services.territories.addPerson(system, t.slug, { email: 'fac@amiens.test', displayName: 'Fac' });
    await app.services.territories.setRoles(system, t.slug, facilitator.id, ['facilitator']);
    const fac = new TestClient(app);
    await fac.signIn('fac@amiens.test', PASSWORD);
    const anyone = new TestClient(app);

    const current = (await anyone.get('/api/v1/t/amiens/certificates/referential')).json();
    expect(current).toMatchObject({ version: 1, levels: [{ code: 'engage' }, { code: 'confirme' }, { code: 'avance' }, { code: 'exemplaire' }] });
    const { version: _v, publishedAt: _p, publishedBy: _b, ...document } = current;
    const broken = await fac.post('/api/v1/t/amiens/certificates/referential/versions', { ...document, areas: [{ ...document.areas[0], criteria: [{ ...document.areas[0].criteria[0], points: 0 }] }] });
    expect(broken.statusCode).toBe(422);
    expect(broken.json().errors).toEqual([expect.objectContaining({ field: 'areas[0].criteria[0].points', code: 'invalid_points' })]);
    expect((await anyone.get('/api/v1/t/amiens/certificates/referential/versions')).json()).toHaveLength(1);
    expect((await anyone.post('/api/v1/t/amiens/certificates/referential/versions', document)).statusCode).toBe(401);
    const published = await fac.post('/api/v1/t/amiens/certificates/referential/versions', document);
    expect(published.statusCode).toBe(201);
    expect(published.json().version).toBe(2);

    const query = 'cfeBase=10000000&cfeRateBp=2593&turnover=500000000&valueAdded=100000000';
    const simulation = (await anyone.get(`/api/v1/t/amiens/certificates/tax-simulation?${query}`)).json();
    expect(simulation.scenario.fr).toMatch(/pas le droit en vigueur/);
    expect(simulation.cet).toMatchObject({ cvae: 1_423_00, cfe: 25_930_00, capRelief: 12_043_00, cet: 15_310_00 });
    expect(simulation.cut.map((l: { level: string | null; due: number }) => [l.level, l.due])).toEqual([[null, 15_310_00], ['engage', 11_482_00], ['confirme', 7_655_00], ['avance', 3_827_00], ['exemplaire', 0]]);
    expect((await anyone.get('/api/v1/t/amiens/certificates/tax-simulation?cfeBase=-1&cfeRateBp=2593&turnover=1&valueAdded=1')).statusCode).toBe(422);

    expect((await anyone.put('/api/v1/t/amiens/certificates/settings', { cutReductionsBp: { engage: 1000 } })).statusCode).toBe(401);
    const wrong = await fac.put('/api/v1/t/amiens/certificates/settings', { cutReductionsBp: { platine: 1000, engage: 20_000 } });
    expect(wrong.json().errors.map((e: { field: string }) => e.field)).toEqual(['cutReductionsBp.platine', 'cutReductionsBp.engage']);
    expect((await anyone.get('/api/v1/t/amiens/certificates/settings')).json().cutReductionsBp.engage).toBe(2500);
    const set = await fac.put('/api/v1/t/amiens/certificates/settings', { cutReductionsBp: { engage: 1000, confirme: 3000, avance: 6000, exemplaire: 9000 } });
    expect(set.json()).toMatchObject({ cutReductionsBp: { engage: 1000 }, defaultTaxRates: true, taxRates: { year: 2026, plafonnementPcm: 1531 } });
    const after = (await anyone.get(`/api/v1/t/amiens/certificates/tax-simulation?${query}`)).json();
    expect(after.cut[1]).toMatchObject({ level: 'engage', label: { fr: 'Engagé' }, due: 13_779_00 });

    // The CET rates: a wrong one is named and changes nothing; new ones drive the simulation; null restores the shipped ones.
    const rates = { year: 2026, cvae: { band1Pcm: 63, band2Pcm: 113, band3Pcm: 13, maxPcm: 190, smallBusinessReduction: 125, franchise: 42 }, plafonnementPcm: 1438, source: 'PLF 2026, art. 11' };
    const badRates = await fac.put('/api/v1/t/amiens/certificates/settings', { taxRates: { ...rates, plafonnementPcm: 20_000, source: ' ' } });
    expect(badRates.statusCode).toBe(422);
    expect(badRates.json().errors.map((e: { field: string }) => e.field)).toEqual(['taxRates.plafonnementPcm', 'taxRates.source']);
    expect((await anyone.get('/api/v1/t/amiens/certificates/settings')).json()).toMatchObject({ defaultTaxRates: true, taxRates: { plafonnementPcm: 1531 } });
    expect((await fac.put('/api/v1/t/amiens/certificates/settings', { taxRates: rates })).json()).toMatchObject({ defaultTaxRates: false, taxRates: { plafonnementPcm: 1438 }, cutReductionsBp: { engage: 1000 } });
    const lower = (await anyone.get(`/api/v1/t/amiens/certificates/tax-simulation?${query}`)).json();
    expect(lower.cet).toMatchObject({ cap: 14_380_00, cet: 14_380_00 });
    expect(lower.rates.source).toBe('PLF 2026, art. 11');
    expect((await fac.put('/api/v1/t/amiens/certificates/settings', { taxRates: null })).json()).toMatchObject({ defaultTaxRates: true, taxRates: { plafonnementPcm: 1531 } });
  });
});
