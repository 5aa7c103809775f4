import { describe, expect, it } from 'vitest';
import { noGrants, type Grants, type OrganisationRole, type TerritoryRole } from '../territories/model.js';
import {
  canActFor,
  exchangeSideOf,
  mayCancelExchange,
  mayCloseListing,
  mayConfirmExchange,
  mayRequestPayment,
  maySeeExchange,
  maySeePayer,
  maySetCurrencyAcceptance,
  type Owner,
} from './model.js';

const SHOP = 'shop';
const grants = (personId: string, citizen: boolean, territoryRoles: TerritoryRole[] = [], organisationRoles: [string, OrganisationRole][] = []): Grants => ({
  personId,
  citizen,
  territoryRoles: new Set(territoryRoles),
  organisationRoles: new Map(organisationRoles),
});

// The grants TerritoriesService.grantsFor gives each role in the territory of the shop. A person of
// another territory keeps their id but is no citizen here, and their memberships elsewhere do not count.
const roles = {
  citizen: grants('alice', true),
  representative: grants('bob', true, [], [[SHOP, 'representative']]),
  staff: grants('carol', true, [], [[SHOP, 'staff']]),
  operator: grants('olga', true, ['currency_operator']),
  auditor: grants('audrey', true, ['auditor']),
  outsider: grants('zoe', false),
  anonymous: noGrants,
};
type Role = keyof typeof roles;
const ROLES = Object.keys(roles) as Role[];

const alice: Owner = { type: 'person', id: 'alice' };
const zoe: Owner = { type: 'person', id: 'zoe' };
const shop: Owner = { type: 'organisation', id: SHOP };

/** Asserts a rule over every role: those listed get `yes`, every other role gets `otherwise`. */
function expectPerRole<T>(rule: (g: Grants) => T, yes: Partial<Record<Role, T>>, otherwise: T): void {
  for (const role of ROLES) expect(rule(roles[role]), role).toEqual(role in yes ? yes[role] : otherwise);
}

describe('currency permissions per role', () => {
  it('acts for a person only as that person, a citizen of the territory', () => {
    expectPerRole((g) => canActFor(g, alice), { citizen: true }, false);
    expectPerRole((g) => canActFor(g, zoe), {}, false);
  });

  it("acts for an organisation only as its representative (not its staff, not the operator)", () => {
    expectPerRole((g) => canActFor(g, shop), { representative: true }, false);
  });

  it('tells which side of an exchange the actor speaks for, and spots a representative on both sides', () => {
    expectPerRole((g) => exchangeSideOf(g, alice, shop), { citizen: 'provider', representative: 'receiver' }, null);
    expect(exchangeSideOf(roles.representative, { type: 'person', id: 'bob' }, shop)).toBe('both');
  });

  it('lets the other side confirm an exchange, not the proposer and not a third person', () => {
    const proposedByAlice = { provider: alice, receiver: shop, proposerSide: 'provider' as const, proposedBy: 'alice' };
    expectPerRole((g) => mayConfirmExchange(g, proposedByAlice), { representative: 'yes', citizen: 'own_proposal' }, 'not_a_party');
    const proposedByBob = { ...proposedByAlice, proposerSide: 'receiver' as const, proposedBy: 'bob' };
    expectPerRole((g) => mayConfirmExchange(g, proposedByBob), { citizen: 'yes', representative: 'own_proposal' }, 'not_a_party');
  });

  it('lets either side cancel an exchange; the parties, their organisation, operators and auditors see it', () => {
    expectPerRole((g) => mayCancelExchange(g, { provider: alice, receiver: shop }), { citizen: true, representative: true }, false);
    expectPerRole((g) => maySeeExchange(g, { provider: alice, receiver: shop }), { citizen: true, representative: true, staff: true, operator: true, auditor: true }, false);
  });

  it('lets the owner close a listing, and the currency operator moderate the directory', () => {
    expectPerRole((g) => mayCloseListing(g, alice), { citizen: true, operator: true }, false);
    expectPerRole((g) => mayCloseListing(g, shop), { representative: true, operator: true }, false);
  });

  it("requests payment for oneself, or for one's organisation as representative or staff (a cashier)", () => {
    expectPerRole((g) => mayRequestPayment(g, alice), { citizen: true }, false);
    expectPerRole((g) => mayRequestPayment(g, shop), { representative: true, staff: true }, false);
    expectPerRole((g) => mayRequestPayment(g, zoe), {}, false);
  });

  it("shows who paid to the payee's side, the operator, the auditor and the payer, to no one else", () => {
    expectPerRole((g) => maySeePayer(g, shop, alice), { citizen: true, representative: true, staff: true, operator: true, auditor: true }, false);
    expectPerRole((g) => maySeePayer(g, shop, null), { representative: true, staff: true, operator: true, auditor: true }, false);
  });

  it('lets the representative or the currency operator say whether an organisation accepts the currency', () => {
    expectPerRole((g) => maySetCurrencyAcceptance(g, SHOP), { representative: true, operator: true }, false);
  });
});
