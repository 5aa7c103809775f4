import { beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../../platform/db/test-database.js';
import { certificateServices, certificateTerritory, manualClock, type CertificateTerritory, type WithServices } from '../../certificates/test-factories.js';
import { formatEuros } from '../../funding/service.js';

describeEachDatabase('indicators: leverage of public money, computed from the funding plans', (ctx) => {
  let app: WithServices;
  let t: CertificateTerritory;
  const clock = manualClock('2026-03-02T09:00:00.000Z');

  const leverage = async (period: string) => {
    const value = (await app.services.indicators.liveComputed(t.slug, period)).values.find((v) => v.code === 'public_money_leverage')!;
    expect(value.module).toBe('funding');
    return value;
  };

  beforeEach(async () => {
    clock.set('2026-03-02T09:00:00.000Z');
    app = certificateServices(ctx.handle, clock.now);
    t = await certificateTerritory(app);
  });

  it('divides the private and citizen money committed in the period by the public money', async () => {
    const { funding, taskForces } = app.services;
    const facilitator = t.as('facilitator');
    const taskForceId = (await taskForces.create(facilitator, t.slug, { name: 'Guichet de la rénovation', mission: 'Rénover les logements' })).id;
    const line = (input: Parameters<typeof funding.addLine>[3]) => funding.addLine(facilitator, t.slug, taskForceId, input);

    // Public money committed in 2026: a subsidy granted in May, a public bank's loan received, the
    // waste service's (a public body's) own funds: 40,000 + 20,000 + 10,000 = 70,000 €.
    const subsidy = await line({ sourceKind: 'subsidy', funderName: 'Région Hauts-de-France', amount: 4_000_000n });
    await funding.updateLine(facilitator, t.slug, subsidy.id, { status: 'granted', statusDate: '2026-05-04' });
    await line({ sourceKind: 'public_institution', instrument: 'loan', funderName: 'Banque des Territoires', amount: 2_000_000n, status: 'received' });
    await line({ sourceKind: 'own_funds', funderOrganisationId: t.organisations.waste, amount: 1_000_000n, status: 'received' });
    // Private and citizen money: local savings and a business's own funds, 30,000 + 12,000 = 42,000 €.
    await line({ sourceKind: 'local_savings', funderName: 'Épargne citoyenne Picardie', amount: 3_000_000n, status: 'granted' });
    await line({ sourceKind: 'own_funds', funderOrganisationId: t.organisations.recycling, amount: 1_200_000n, status: 'received' });
    // Not committed: a subsidy only requested, savings refused.
    await line({ sourceKind: 'subsidy', funderName: 'ADEME', amount: 5_000_000n, status: 'requested' });
    const refused = await line({ sourceKind: 'local_savings', funderName: 'Club d’investisseurs', amount: 800_000n });
    await funding.updateLine(facilitator, t.slug, refused.id, { status: 'refused' });
    // Granted in 2027: in 2027's figure only, where no private money follows it (0, a value).
    clock.set('2027-01-15T09:00:00.000Z');
    await line({ sourceKind: 'subsidy', funderName: 'Département de la Somme', amount: 10_000_000n, status: 'granted' });

    const in2026 = await leverage('2026');
    expect(in2026.value).toBe(0.6);
    expect(in2026.footnote).toEqual({
      fr: `${formatEuros(4_200_000n)} d’apports privés et citoyens pour ${formatEuros(7_000_000n)} d’argent public, engagés (accordés ou reçus) entre le 2026-01-01 et le 2027-01-01.`,
      en: '€42,000.00 of private and citizen money for €70,000.00 of public money, committed (granted or received) between 2026-01-01 and 2027-01-01.',
    });
    // March: 42,000 € for the loan and the public body's own funds (30,000 €); May: the subsidy alone; April: nothing.
    expect((await leverage('2026-03')).value).toBe(1.4);
    expect((await leverage('2026-05')).value).toBe(0);
    expect((await leverage('2026-04')).value).toBeNull();
    expect((await leverage('2027')).value).toBe(0);
  });

  it('gives no value, not zero, when no public money was committed in the period', async () => {
    expect(await leverage('2026')).toMatchObject({ value: null, footnote: { fr: 'Aucun argent public engagé dans les projets du Pacte entre le 2026-01-01 et le 2027-01-01.', en: 'No public money committed to the Pact’s projects between 2026-01-01 and 2027-01-01.' } });
    const taskForceId = (await app.services.taskForces.create(t.as('facilitator'), t.slug, { name: 'Épicerie coopérative', mission: 'Ouvrir une épicerie' })).id;
    await app.services.funding.addLine(t.as('facilitator'), t.slug, taskForceId, { sourceKind: 'crowdfunding', funderName: 'Habitants', amount: 500_000n, status: 'received' });
    expect((await leverage('2026')).value).toBeNull();
  });
});
