import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canMoveFundingLine, coverageOf, type FundingLine } from './model.js';
import { approvalOutcome, campaignTotals, executionByBudgetLine, executionByFunder, matchFor, outcomeAtDeadline, receiptMediaTypeOf, type MatchPoolRules } from './campaign-model.js';
import { estimateCee, parseCeeCsv, validateCeeCatalogue, type CeeOperation } from './cee-model.js';
import { shippedCeeCatalogue } from './service.js';

const line = (sourceKind: FundingLine['sourceKind'], status: FundingLine['status'], amount: bigint) => ({ sourceKind, status, amount });

describe('funding plan coverage', () => {
  it('computes secured, expected, gap and percentages on a worked example', () => {
    // Cost 100,000 €: a subsidy granted (30,000), a public-bank loan received (20,000), CEE planned
    // (12,750), a campaign requested (10,000), own funds refused (5,000).
    const c = coverageOf(10_000_000n, [
      line('subsidy', 'granted', 3_000_000n),
      line('public_institution', 'received', 2_000_000n),
      line('cee', 'planned', 1_275_000n),
      line('crowdfunding', 'requested', 1_000_000n),
      line('own_funds', 'refused', 500_000n),
    ]);
    expect(c).toMatchObject({ secured: 5_000_000n, expected: 7_275_000n, refused: 500_000n, remainingGap: 5_000_000n, gapIfExpectedArrives: 2_725_000n, surplus: 0n, securedPercent: 50, expectedPercent: 72.8 });
    expect(c.byKind.subsidy).toMatchObject({ granted: 3_000_000n, secured: 3_000_000n, securedPercent: 30 });
    expect(c.byKind.cee).toMatchObject({ planned: 1_275_000n, secured: 0n, expected: 1_275_000n, securedPercent: 0 });
    expect(c.byKind.own_funds).toMatchObject({ refused: 500_000n, expected: 0n });
    expect(c.byKind.local_savings.expected).toBe(0n);
  });

  it('reports a surplus instead of a negative gap, and no percentage without a cost', () => {
    expect(coverageOf(100n, [line('subsidy', 'received', 150n)])).toMatchObject({ remainingGap: 0n, surplus: 50n, securedPercent: 150 });
    expect(coverageOf(0n, [line('subsidy', 'received', 150n)]).securedPercent).toBeNull();
  });

  it('always splits the secured money exactly across source kinds', () => {
    const kinds = ['subsidy', 'public_institution', 'local_savings', 'crowdfunding', 'cee', 'local_currency', 'own_funds'] as const;
    const statuses = ['planned', 'requested', 'granted', 'received', 'refused'] as const;
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.array(fc.record({ sourceKind: fc.constantFrom(...kinds), status: fc.constantFrom(...statuses), amount: fc.bigInt({ min: 1n, max: 10n ** 10n }) })), (cost, lines) => {
        const c = coverageOf(cost, lines);
        expect(Object.values(c.byKind).reduce((s, k) => s + k.secured, 0n)).toBe(c.secured);
        expect(c.remainingGap + c.secured - c.surplus).toBe(cost);
        expect(c.expected).toBeGreaterThanOrEqual(c.secured);
      }),
    );
  });

  it('moves a funding line forward only, refused from planned or requested only', () => {
    expect(canMoveFundingLine('planned', 'requested')).toBe(true);
    expect(canMoveFundingLine('planned', 'received')).toBe(true);
    expect(canMoveFundingLine('requested', 'refused')).toBe(true);
    expect(canMoveFundingLine('granted', 'refused')).toBe(false);
    expect(canMoveFundingLine('granted', 'requested')).toBe(false);
    expect(canMoveFundingLine('received', 'granted')).toBe(false);
    expect(canMoveFundingLine('refused', 'planned')).toBe(false);
  });
});

describe('CEE estimates', () => {
  const catalogue = shippedCeeCatalogue();
  const sheet = (code: string, variant = '') => catalogue.find((o) => o.code === code && o.variant === variant)!;

  it('ships a valid catalogue with the sheets a renovation desk needs', () => {
    expect(new Set(catalogue.map((o) => o.code))).toEqual(new Set(['BAR-EN-101', 'BAR-EN-102', 'BAR-EN-103', 'BAR-TH-104', 'BAR-TH-106', 'BAR-TH-112', 'BAR-TH-113', 'BAR-TH-143']));
    expect(catalogue.every((o) => o.sheetVersion && o.source)).toBe(true);
  });

  it('estimates 100 m² of attic insulation in zone H1 at 7.50 €/MWh cumac: 170 MWh cumac, 1,275 €', () => {
    const result = estimateCee(sheet('BAR-EN-101'), { zone: 'H1', quantity: 100, factor: 1, priceCentsPerMWh: 750n });
    expect(result).toMatchObject({ ok: true, estimate: { kwhCumacPerUnit: 1700, kwhCumac: 170_000n, value: 127_500n } });
  });

  it('estimates a heat pump in a 120 m² house (factor 1.1), zone H2, at 8 €/MWh cumac: 71,940 kWh cumac, 575.52 €', () => {
    const result = estimateCee(sheet('BAR-TH-104', 'maison-etas-120'), { zone: 'H2', quantity: 1, factor: 1.1, priceCentsPerMWh: 800n });
    expect(result).toMatchObject({ ok: true, estimate: { kwhCumac: 71_940n, value: 57_552n } });
  });

  it('estimates 35.5 m² of floor insulation in zone H3 and rounds the value half up to the cent', () => {
    // 35.5 × 900 = 31,950 kWh cumac × 6.25 €/MWh = 199.6875 € → 199.69 €
    const result = estimateCee(sheet('BAR-EN-103'), { zone: 'H3', quantity: 35.5, factor: 1, priceCentsPerMWh: 625n });
    expect(result).toMatchObject({ ok: true, estimate: { kwhCumac: 31_950n, value: 19_969n } });
  });

  it('asks for what is missing rather than guessing', () => {
    expect(estimateCee(sheet('BAR-EN-101'), { zone: null, quantity: 10, factor: 1, priceCentsPerMWh: 750n })).toMatchObject({ ok: false, error: { field: 'zone' } });
    expect(estimateCee(sheet('BAR-TH-113'), { zone: 'H1', quantity: 1.5, factor: 1, priceCentsPerMWh: 750n })).toMatchObject({ ok: false, error: { field: 'quantity' } });
    expect(estimateCee(sheet('BAR-EN-101'), { zone: 'H1', quantity: 10, factor: 1, priceCentsPerMWh: 0n })).toMatchObject({ ok: false, error: { code: 'price_not_set' } });
  });

  it('names every row and field at fault in an uploaded catalogue', () => {
    const csv = [
      'code,variant,label,unit,kwh_cumac_h1,kwh_cumac_h2,kwh_cumac_h3,kwh_cumac,sheet_version,source',
      'BAR-EN-101,,Combles,m2,1700,1400,900,,A27-2,arrêté',
      'BAR EN 102,,Murs,m3,2400,,1300,,,',
      'BAR-EN-101,,Doublon,m2,,,,1000,A1,x',
    ].join('\n');
    const { rows } = parseCeeCsv(csv);
    const { errors } = validateCeeCatalogue(rows);
    expect(errors.map((e) => [e.row, e.field, e.code])).toEqual([
      [2, 'code', 'invalid_code'],
      [2, 'unit', 'invalid_unit'],
      [2, 'sheetVersion', 'required'],
      [2, 'source', 'required'],
      [2, 'kwhCumacH2', 'invalid_kwh_cumac'],
      [3, 'variant', 'duplicate_operation'],
    ]);
    expect(parseCeeCsv('code;label\nBAR-EN-101;x').errors.map((e) => e.field)).toContain('unit');
  });

  it('accepts a flat figure for a sheet that does not depend on the zone', () => {
    const { operations, errors } = validateCeeCatalogue([{ code: 'BAR-TH-999', variant: '', label: 'Test', unit: 'dwelling', kwhCumac: 5000, kwhCumacByZone: null, sheetVersion: 'A1', source: 'test' }]);
    expect(errors).toEqual([]);
    expect(estimateCee(operations[0] as CeeOperation, { zone: 'H2', quantity: 3, factor: 1, priceCentsPerMWh: 1000n })).toMatchObject({ ok: true, estimate: { zone: null, kwhCumac: 15_000n, value: 15_000n } });
  });
});

describe('matchfunding', () => {
  const pool: MatchPoolRules = { amount: 100_000n, ratioPledge: 1n, ratioMatch: 1n, capPerPledge: 5_000n, capPerProject: 12_000n };
  const state = { committed: 0n, committedForProject: 0n, pledgerAlreadyMatched: false };

  it('matches 1:1 within the cap per pledge, the cap per project and what is left, once per person', () => {
    expect(matchFor(pool, { ...state, pledge: 3_000n })).toBe(3_000n);
    expect(matchFor(pool, { ...state, pledge: 8_000n })).toBe(5_000n);
    expect(matchFor(pool, { ...state, pledge: 8_000n, committedForProject: 10_000n })).toBe(2_000n);
    expect(matchFor(pool, { ...state, pledge: 8_000n, committed: 99_000n })).toBe(1_000n);
    expect(matchFor(pool, { ...state, pledge: 8_000n, pledgerAlreadyMatched: true })).toBe(0n);
    expect(matchFor({ ...pool, ratioPledge: 2n, capPerPledge: null }, { ...state, pledge: 3_001n })).toBe(1_500n);
  });

  it('never gives more than the pool, the caps or the ratio, whatever the pledges', () => {
    fc.assert(
      fc.property(
        fc.record({ amount: fc.bigInt({ min: 1n, max: 10n ** 7n }), ratioPledge: fc.bigInt({ min: 1n, max: 5n }), ratioMatch: fc.bigInt({ min: 1n, max: 5n }), capPerPledge: fc.option(fc.bigInt({ min: 1n, max: 10n ** 6n })), capPerProject: fc.option(fc.bigInt({ min: 1n, max: 10n ** 6n })) }),
        fc.array(fc.record({ pledge: fc.bigInt({ min: 1n, max: 10n ** 6n }), project: fc.constantFrom('a', 'b', 'c'), person: fc.integer({ min: 0, max: 5 }) }), { maxLength: 40 }),
        (rules, pledges) => {
          let committed = 0n;
          const byProject = new Map<string, bigint>();
          const matched = new Set<number>();
          for (const p of pledges) {
            const m = matchFor(rules, { pledge: p.pledge, committed, committedForProject: byProject.get(p.project) ?? 0n, pledgerAlreadyMatched: matched.has(p.person) });
            expect(m).toBeGreaterThanOrEqual(0n);
            expect(m * rules.ratioPledge).toBeLessThanOrEqual(p.pledge * rules.ratioMatch);
            if (rules.capPerPledge !== null) expect(m).toBeLessThanOrEqual(rules.capPerPledge);
            if (m > 0n) matched.add(p.person);
            committed += m;
            byProject.set(p.project, (byProject.get(p.project) ?? 0n) + m);
          }
          expect(committed).toBeLessThanOrEqual(rules.amount);
          if (rules.capPerProject !== null) for (const v of byProject.values()) expect(v).toBeLessThanOrEqual(rules.capPerProject);
        },
      ),
    );
  });

  it('counts live pledges and matches toward the goal, all-or-nothing at the deadline', () => {
    const totals = campaignTotals(
      [
        { unit: 'EUR', amount: 5_000n, status: 'pledged', pledgerType: 'person', pledgerId: 'a' },
        { unit: 'GRAIN', amount: 2_000n, status: 'pledged', pledgerType: 'person', pledgerId: 'a' },
        { unit: 'EUR', amount: 9_000n, status: 'released', pledgerType: 'person', pledgerId: 'b' },
      ],
      [{ amount: 5_000n, status: 'pledged' }],
    );
    expect(totals).toMatchObject({ pledgedEuros: 5_000n, pledgedLocal: 2_000n, matched: 5_000n, raised: 12_000n, pledgeCount: 2, pledgerCount: 1 });
    expect(outcomeAtDeadline({ goal: 12_000n, allOrNothing: true }, 12_000n)).toBe('succeeded');
    expect(outcomeAtDeadline({ goal: 12_001n, allOrNothing: true }, 12_000n)).toBe('failed');
    expect(outcomeAtDeadline({ goal: 12_001n, allOrNothing: false }, 12_000n)).toBe('succeeded');
    expect(outcomeAtDeadline({ goal: 12_001n, allOrNothing: false }, 0n)).toBe('failed');
  });
});

describe('budget execution', () => {
  const submitted = { status: 'submitted' as const, submittedBy: 'hugo' };

  it('refuses self-approval and a second decision by the same approver; approves at N distinct approvals', () => {
    expect(approvalOutcome(submitted, [], 'hugo', 'approve', 2)).toEqual({ ok: false, code: 'own_expense' });
    expect(approvalOutcome(submitted, [], 'sophie', 'approve', 2)).toEqual({ ok: true, status: 'submitted' });
    expect(approvalOutcome(submitted, [{ approverId: 'sophie', decision: 'approve' }], 'sophie', 'approve', 2)).toEqual({ ok: false, code: 'already_decided' });
    expect(approvalOutcome(submitted, [{ approverId: 'sophie', decision: 'approve' }], 'claire', 'approve', 2)).toEqual({ ok: true, status: 'approved' });
    expect(approvalOutcome(submitted, [{ approverId: 'sophie', decision: 'approve' }], 'claire', 'reject', 2)).toEqual({ ok: true, status: 'rejected' });
    expect(approvalOutcome({ ...submitted, status: 'drafted' }, [], 'claire', 'approve', 1)).toEqual({ ok: false, code: 'not_submitted' });
  });

  it('compares planned and actual per budget line and per funder', () => {
    const byLine = executionByBudgetLine(
      [
        { position: 0, label: 'Conseillers', category: 'fonctionnement', plannedAmount: 10_000n },
        { position: 1, label: 'Formation', category: 'formation', plannedAmount: 4_000n },
      ],
      [
        { budgetLinePosition: 0, amount: 3_000n, status: 'paid' },
        { budgetLinePosition: 0, amount: 2_000n, status: 'approved' },
        { budgetLinePosition: 0, amount: 9_000n, status: 'submitted' },
        { budgetLinePosition: 1, amount: 5_000n, status: 'paid' },
      ],
    );
    expect(byLine).toMatchObject([
      { position: 0, planned: 10_000n, committed: 5_000n, paid: 3_000n, remaining: 5_000n, committedPercent: 50 },
      { position: 1, planned: 4_000n, committed: 5_000n, paid: 5_000n, remaining: -1_000n, committedPercent: 125 },
    ]);
    const byFunder = executionByFunder(
      [
        { id: 'l1', funderOrganisationId: 'region', funderName: 'Région', amount: 8_000n, status: 'granted' },
        { id: 'l2', funderOrganisationId: 'region', funderName: 'Région', amount: 2_000n, status: 'planned' },
        { id: 'l3', funderOrganisationId: null, funderName: 'Banque des Territoires', amount: 5_000n, status: 'refused' },
      ],
      [
        { fundingLineId: 'l1', amount: 3_000n, status: 'paid' },
        { fundingLineId: 'l2', amount: 1_000n, status: 'approved' },
        { fundingLineId: null, amount: 700n, status: 'paid' },
      ],
    );
    expect(byFunder).toMatchObject([
      { funderKey: 'organisation:region', planned: 10_000n, secured: 8_000n, committed: 4_000n, paid: 3_000n },
      { funderKey: 'name:banque des territoires', planned: 0n, committed: 0n },
      { funderKey: null, committed: 700n, paid: 700n },
    ]);
  });

  it('recognises receipts by their first bytes, not their name', () => {
    expect(receiptMediaTypeOf(Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    expect(receiptMediaTypeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(receiptMediaTypeOf(Buffer.from('<html><script>'))).toBeNull();
  });
});
