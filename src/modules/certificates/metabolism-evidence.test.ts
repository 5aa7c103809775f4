import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { certificateServices, certificateTerritory, manualClock, system, type CertificateTerritory, type WithServices } from './test-factories.js';
import { personActor as person } from '../../platform/auth/actor.js';


describeEachDatabase('certificates: the environment criteria read the metabolism', (ctx) => {
  let app: WithServices;
  let t: CertificateTerritory;
  const clock = manualClock('2026-03-02T09:00:00.000Z');

  beforeEach(async () => {
    clock.set('2026-03-02T09:00:00.000Z');
    app = certificateServices(ctx.handle, clock.now);
    t = await certificateTerritory(app);
  });

  /** A power plant and a plasterboard maker 8 km apart, each with its representative, as in the demo's industrial zone. */
  async function gypsumPartners() {
    const territories = app.services.territories;
    const organisation = async (name: string, siret: string, latitude: number, representative: string) => {
      const id = (await territories.createOrganisation(system, t.slug, { name, kind: 'business', siret, latitude, longitude: 2.3 })).id;
      const rep = (await territories.addMember(system, t.slug, id, { email: `${representative}@amiens.test`, role: 'representative', displayName: representative })).personId;
      return { id, rep: person(rep) };
    };
    return {
      plant: await organisation('Centrale thermique', '95827143909994', 49.87, 'paul.centrale'),
      plasterboard: await organisation('Plâtrerie Picarde', '40308549109998', 49.94, 'sarah.platrerie'),
    };
  }

  it('shows an organisation with an operating synergy its measured synergies and tonnes in its application', async () => {
    const { plant, plasterboard } = await gypsumPartners();
    const symbiosis = app.services.symbiosis;
    const before = await app.services.certificates.assessments.apply(plant.rep, t.slug, plant.id);
    expect(before.answers.find((a) => a.criterionCode === 'ENV-1')).toMatchObject({ automaticValue: 0, automaticStatus: 'not_met' });
    expect(before.answers.find((a) => a.criterionCode === 'ENV-2')).toMatchObject({ automaticValue: null, automaticStatus: null });
    await app.services.certificates.assessments.withdraw(plant.rep, t.slug, before.id);

    await symbiosis.createOffer(plant.rep, t.slug, plant.id, { wasteCode: '10 01 05', tonnesPerYear: 8000, description: 'Gypse de désulfuration' });
    const need = await symbiosis.createNeed(plasterboard.rep, t.slug, plasterboard.id, { accepted: ['10 01 05'], tonnesPerYear: 10_000, maxDistanceKm: 30 });
    const [match] = await symbiosis.matchesOfNeed(plasterboard.rep, t.slug, need.id);
    for (const to of ['contacted', 'studying', 'agreed'] as const) await symbiosis.moveMatch(t.as('facilitator'), t.slug, match!.id, { to });
    await symbiosis.moveMatch(plant.rep, t.slug, match!.id, { to: 'operating', tonnesPerYear: 6000 });

    for (const { id, rep } of [plant, plasterboard]) {
      const opened = await app.services.certificates.assessments.apply(rep, t.slug, id);
      const byCode = new Map(opened.answers.map((a) => [a.criterionCode, a]));
      // One synergy: partly met (two are met); 6,000 t exchanged with the territory's actors: met (from 50 t).
      expect(byCode.get('ENV-1')).toMatchObject({ automaticSource: 'metabolism.operating_synergies', automaticUnit: 'synergies', automaticValue: 1, automaticStatus: 'partly_met', automaticSourceAvailable: true });
      expect(byCode.get('ENV-2')).toMatchObject({ automaticSource: 'metabolism.tonnes_looped', automaticUnit: 't/an', automaticValue: 6000, automaticStatus: 'met', automaticSourceAvailable: true });
    }
    // The recycling business takes no part in it.
    const other = await app.services.certificates.assessments.apply(t.as('recyclingRep'), t.slug, t.organisations.recycling);
    expect(other.answers.find((a) => a.criterionCode === 'ENV-1')).toMatchObject({ automaticValue: 0, automaticStatus: 'not_met' });
    expect(other.answers.find((a) => a.criterionCode === 'ENV-2')).toMatchObject({ automaticValue: null, automaticStatus: null });
  });

  it('lists the metabolism measures among the evidence sources the referential editor can name', () => {
    const codes = app.services.certificates.evidenceSources.list().map((s) => s.code);
    expect(codes).toEqual(['currency.salary_share', 'currency.local_turnover', 'pact.commitments_kept', 'pact.task_force_participation', 'metabolism.operating_synergies', 'metabolism.tonnes_looped']);
  });
});
