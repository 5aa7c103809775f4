import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../platform/db/test-database.js';
import { certificateServices, certificateTerritory, issueCertificate, manualClock, system, type CertificateTerritory, type WithServices } from '../../certificates/test-factories.js';
import { personActor } from '../../../platform/auth/actor.js';

describeEachDatabase('indicators: share of partners certified, computed from the certificates registry', (ctx) => {
  let app: WithServices;
  let t: CertificateTerritory;
  const clock = manualClock('2026-03-02T09:00:00.000Z');

  const share = async (period: string) => {
    const value = (await app.services.indicators.liveComputed(t.slug, period)).values.find((v) => v.code === 'certified_partners_share')!;
    expect(value.module).toBe('certificates');
    return value;
  };

  beforeEach(async () => {
    clock.set('2026-03-02T09:00:00.000Z');
    app = certificateServices(ctx.handle, clock.now);
    t = await certificateTerritory(app);
  });

  it('counts the signatories holding a certificate in force at the end of the period', async () => {
    const { pact, certificates } = app.services;
    await pact.createPact(t.as('facilitator'), t.slug, { title: 'Pacte 21', horizonStartYear: 2026 });
    for (const [rep, organisation] of [['wasteRep', 'waste'], ['recyclingRep', 'recycling'], ['ressourcerieRep', 'ressourcerie']] as const) {
      await pact.sign(t.as(rep), t.slug, t.organisations[organisation]);
    }
    await issueCertificate(app, t, 'recycling', 'met');
    clock.advanceDays(30);
    const waste = await issueCertificate(app, t, 'waste', 'met');
    // Revoked in September 2026: in force at the end of June, no longer at the end of the year.
    clock.set('2026-09-15T09:00:00.000Z');
    await certificates.certificates.revoke(t.as('auditor'), t.slug, waste.certificateId, 'Les pièces produites ne concordaient pas.');
    // A signatory of 2027 is not counted in 2026.
    clock.set('2027-02-01T09:00:00.000Z');
    const newcomer = await app.services.territories.createOrganisation(system, t.slug, { name: 'Collectif vélo', kind: 'citizen_collective' });
    const newcomerRep = (await app.services.territories.addMember(system, t.slug, newcomer.id, { email: 'ines@amiens.test', role: 'representative', displayName: 'Inès' })).personId;
    await pact.sign(personActor(newcomerRep), t.slug, newcomer.id);

    expect(await share('2026-06')).toMatchObject({ value: 66.7 });
    expect((await share('2026-06')).footnote).toEqual({
      fr: '2 signataire(s) du Pacte sur 3 détenai(en)t un Certificat d’Utilité Territoriale en vigueur le 2026-07-01 à 0 h.',
      en: '2 of 3 signatory(ies) of the Pact held a Certificat d’Utilité Territoriale in force on 2026-07-01 at midnight.',
    });
    expect(await share('2026')).toMatchObject({ value: 33.3 });
    // Issued on 2 March 2026 for three years: expired at the end of 2029, so no partner holds one (0 %, a value).
    clock.set('2030-02-01T09:00:00.000Z');
    expect(await share('2029')).toMatchObject({ value: 0 });
  });

  it('reads a period not over yet as of now', async () => {
    await app.services.pact.createPact(t.as('facilitator'), t.slug, { title: 'Pacte 21', horizonStartYear: 2026 });
    await app.services.pact.sign(t.as('recyclingRep'), t.slug, t.organisations.recycling);
    await issueCertificate(app, t, 'recycling', 'met');
    expect(await share('2026')).toMatchObject({ value: 100, footnote: { fr: '1 signataire(s) du Pacte sur 1 détenai(en)t un Certificat d’Utilité Territoriale en vigueur au 2026-03-02.', en: '1 of 1 signatory(ies) of the Pact held a Certificat d’Utilité Territoriale in force as of 2026-03-02.' } });
  });

  it('gives no value, not zero, without a Pact or before any signature', async () => {
    expect(await share('2026')).toMatchObject({ value: null });
    await app.services.pact.createPact(t.as('facilitator'), t.slug, { title: 'Pacte 21', horizonStartYear: 2026 });
    await app.services.pact.sign(t.as('recyclingRep'), t.slug, t.organisations.recycling);
    expect(await share('2025')).toMatchObject({ value: null, footnote: { fr: 'Aucune organisation n’avait signé le Pacte à la fin de la période.', en: 'No organisation had signed the Pact by the end of the period.' } });
  });
});
