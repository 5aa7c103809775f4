import type { Services } from '../app.js';
import type { Owner } from '../modules/currency/model.js';
import type { DemoClock } from './clock.js';
import type { DemoTerritory } from './territories.js';
import { personActor as person } from '../platform/auth/actor.js';

const DAY = 86_400_000;

/**
 * Four months of a running local currency: citizens buy Grains at the association's exchange desk,
 * spend them at the bakery, the cooperative grocery, the farm and the restaurant; businesses pay each
 * other; the restaurant reconverts part of its takings; two bakers take 10 % and 5 % of their salary in
 * Grains, converted after each payslip.
 */
export async function seedCurrencyDemo(services: Services, demo: DemoTerritory, clock: DemoClock): Promise<void> {
  const { slug, organisations: o, people: p } = demo;
  const operator = person(p.currencyOperator.id);
  const org = (key: keyof typeof o): Owner => ({ type: 'organisation', id: o[key].id });
  const who = (key: keyof typeof p): Owner => ({ type: 'person', id: p[key].id });
  let n = 0;
  const key = (label: string) => `demo-${label}-${String((n += 1)).padStart(4, '0')}`;
  const start = clock.now().getTime();

  await services.salaryShare.consent(person(p.bakeryStaff.id), slug, o.bakery.id, 1000);
  await services.salaryShare.consent(person(p.bakeryLead.id), slug, o.bakery.id, 500);

  const customers = ['citizenLucie', 'citizenYanis', 'citizenOdile', 'bakeryStaff', 'carpentryStaff'] as const;
  const shops = ['bakery', 'coopGrocery', 'vegetableFarm', 'restaurant', 'brewery', 'bikeWorkshop'] as const;

  for (let month = 0; month < 4; month += 1) {
    const monthStart = start + month * 30 * DAY;
    clock.set(new Date(monthStart + 2 * DAY));
    // Exchange desk: euros in, Grains out.
    for (const [i, c] of customers.entries()) {
      await services.currency.issue(operator, slug, { key: key('issue'), to: who(c), amount: BigInt(4000 + 1500 * ((i + month) % 4)), memo: 'Comptoir d’échange' });
    }
    await services.currency.issue(operator, slug, { key: key('issue'), to: org('coopGrocery'), amount: 25_000n, memo: 'Adhésion professionnelle' });
    // Everyday spending through the month.
    for (let day = 3; day < 28; day += 3) {
      clock.set(new Date(monthStart + day * DAY + 10 * 3_600_000));
      const c = customers[(day + month) % customers.length]!;
      const shop = shops[(day * 7 + month) % shops.length]!;
      await services.currency.pay(person(p[c].id), slug, { key: key('pay'), from: who(c), to: org(shop), amount: BigInt(350 + ((day * 137 + month * 59) % 1800)), memo: 'Achat' });
    }
    // Between professionals: the bakery buys vegetables, the farm pays the CUMA's machines.
    clock.set(new Date(monthStart + 28 * DAY));
    await services.currency.pay(person(p.bakeryLead.id), slug, { key: key('b2b'), from: org('bakery'), to: org('vegetableFarm'), amount: 1_200n, memo: 'Légumes pour la fournée du mois' });
    await services.currency.pay(person(p.farmLead.id), slug, { key: key('b2b'), from: org('vegetableFarm'), to: org('cuma'), amount: 900n, memo: 'Location de matériel' });
    // Payslips of the bakery, then the salary share converted.
    clock.set(new Date(monthStart + 29 * DAY));
    // One payroll per calendar month: 30-day steps can fall twice in one month.
    const first = new Date(start);
    const period = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + month, 1)).toISOString().slice(0, 7);
    await services.salaryShare.runPayroll(person(p.bakeryLead.id), slug, o.bakery.id, period, [
      { row: 1, email: p.bakeryLead.email, netSalary: 210_000n },
      { row: 2, email: p.bakeryStaff.email, netSalary: 168_000n },
    ]);
  }
  // The restaurant reconverts part of its takings (professionals may; the 5 % fee goes to the association).
  clock.set(new Date(clock.now().getTime() + 6 * 3_600_000));
  const restaurant = (await services.currency.myAccounts(operator, slug, org('restaurant')))[0];
  if (restaurant && restaurant.balance > 1000n) {
    await services.currency.reconvert(operator, slug, { key: key('reconvert'), from: org('restaurant'), amount: restaurant.balance / 2n });
  }
}
