import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Grants, OrganisationRole, TerritoryRole } from '../territories/model.js';
import { canEditTaskForce, canMoveTaskForce, canSignFor, canUpdateCommitment, signatoryBalance, type TaskForceMember } from './model.js';
import { applyCommitmentUpdate, COMMITMENT_STATUSES, isLate, rollUpProgress, validateCommitment, type CommitmentStatus } from './commitment-model.js';
import { diffVisions, type Objective } from './vision-model.js';
import { escapeXml, renderAtomFeed } from './atom.js';

const grants = (personId: string, territoryRoles: TerritoryRole[] = [], organisationRoles: [string, OrganisationRole][] = []): Grants => ({
  personId,
  citizen: true,
  territoryRoles: new Set(territoryRoles),
  organisationRoles: new Map(organisationRoles),
});

describe('signatories', () => {
  it('counts public bodies, private actors (businesses and cooperatives) and civil society', () => {
    const kinds = ['public_body', 'business', 'cooperative', 'association', 'citizen_collective', 'association'] as const;
    expect(signatoryBalance(kinds.map((organisationKind) => ({ organisationKind })))).toEqual({ public: 1, private: 2, civil_society: 3 });
  });

  it('lets only the representative sign, not the staff nor a facilitator', () => {
    expect(canSignFor(grants('p', [], [['org', 'representative']]), 'org')).toBe(true);
    expect(canSignFor(grants('p', [], [['org', 'staff']]), 'org')).toBe(false);
    expect(canSignFor(grants('p', ['facilitator']), 'org')).toBe(false);
    expect(canSignFor(grants('p', [], [['other', 'representative']]), 'org')).toBe(false);
  });
});

describe('task force rules', () => {
  it('moves proposed → active → closed and never back', () => {
    expect(canMoveTaskForce('proposed', 'active')).toBe(true);
    expect(canMoveTaskForce('active', 'closed')).toBe(true);
    expect(canMoveTaskForce('proposed', 'closed')).toBe(true);
    expect(canMoveTaskForce('active', 'proposed')).toBe(false);
    expect(canMoveTaskForce('closed', 'active')).toBe(false);
  });

  const members: TaskForceMember[] = [
    { memberType: 'person', memberId: 'lea', role: 'lead', since: '' },
    { memberType: 'organisation', memberId: 'farm', role: 'lead', since: '' },
    { memberType: 'person', memberId: 'max', role: 'member', since: '' },
  ];

  it('lets a lead person, the representative of a lead organisation and a facilitator edit; not a plain member', () => {
    expect(canEditTaskForce(grants('lea'), members)).toBe(true);
    expect(canEditTaskForce(grants('x', [], [['farm', 'representative']]), members)).toBe(true);
    expect(canEditTaskForce(grants('x', [], [['farm', 'staff']]), members)).toBe(false);
    expect(canEditTaskForce(grants('max'), members)).toBe(false);
    expect(canEditTaskForce(grants('x', ['facilitator']), members)).toBe(true);
  });
});

describe('who may update a commitment', () => {
  const members: TaskForceMember[] = [{ memberType: 'person', memberId: 'lead', role: 'lead', since: '' }, { memberType: 'person', memberId: 'obs', role: 'observer', since: '' }];
  const cases: [string, Grants, boolean][] = [
    ['the owner’s representative', grants('r', [], [['owner', 'representative']]), true],
    ['the owner’s staff', grants('s', [], [['owner', 'staff']]), true],
    ['the task force lead', grants('lead'), true],
    ['a facilitator', grants('f', ['facilitator']), true],
    ['a task force observer', grants('obs'), false],
    ['another organisation’s representative', grants('o', [], [['other', 'representative']]), false],
    ['an auditor', grants('a', ['auditor']), false],
    ['a citizen', grants('c'), false],
  ];
  for (const [who, g, allowed] of cases) {
    it(`${allowed ? 'lets' : 'refuses'} ${who}`, () => expect(canUpdateCommitment(g, 'owner', members)).toBe(allowed));
  }
});

describe('commitments', () => {
  const target = { indicatorCode: 'waste_t', value: 10, unit: 't', deadline: '2027-06-30' };

  it('asks for a target or a milestone, not both and not neither', () => {
    expect(validateCommitment({ statement: 'x', target })).toEqual([]);
    expect(validateCommitment({ statement: 'x', milestoneDate: '2027-01-01' })).toEqual([]);
    expect(validateCommitment({ statement: 'x' }).map((e) => e.code)).toEqual(['target_or_milestone']);
    expect(validateCommitment({ statement: 'x', target, milestoneDate: '2027-01-01' }).map((e) => e.code)).toEqual(['target_or_milestone']);
    expect(validateCommitment({ statement: 'x', milestoneDate: '2027-02-30' }).map((e) => e.code)).toEqual(['invalid_date']);
  });

  it('is late only when still open after its deadline, at the given date', () => {
    const open = { target, milestoneDate: null, status: 'in_progress' as const };
    expect(isLate(open, '2027-06-30')).toBe(false);
    expect(isLate(open, '2027-07-01')).toBe(true);
    expect(isLate({ ...open, status: 'planned' }, '2027-07-01')).toBe(true);
    expect(isLate({ ...open, status: 'done' }, '2030-01-01')).toBe(false);
    expect(isLate({ ...open, status: 'abandoned' }, '2030-01-01')).toBe(false);
    expect(isLate({ target: null, milestoneDate: '2026-03-01', status: 'planned' }, '2026-03-02')).toBe(true);
  });

  it('sets progress to 100 when done, starts the work with progress, and refuses changes once closed', () => {
    expect(applyCommitmentUpdate({ status: 'in_progress', progress: 40 }, { status: 'done' })).toEqual({ ok: true, status: 'done', progress: 100 });
    expect(applyCommitmentUpdate({ status: 'planned', progress: 0 }, { progress: 10 })).toEqual({ ok: true, status: 'in_progress', progress: 10 });
    const closed = applyCommitmentUpdate({ status: 'done', progress: 100 }, { progress: 50 });
    expect(closed.ok ? [] : closed.errors.map((e) => e.code)).toEqual(['commitment_closed']);
    const bad = applyCommitmentUpdate({ status: 'planned', progress: 0 }, { progress: 101, evidenceUrl: 'javascript:alert(1)' });
    expect(bad.ok ? [] : bad.errors.map((e) => e.code)).toEqual(['invalid_progress', 'invalid_url']);
  });
});

describe('weighted roll-up of progress', () => {
  it('weighs each commitment and leaves abandoned ones out', () => {
    expect(
      rollUpProgress([
        { weight: 3, progress: 100, status: 'done' },
        { weight: 1, progress: 20, status: 'in_progress' },
        { weight: 5, progress: 90, status: 'abandoned' },
      ]),
    ).toBe(80);
    expect(rollUpProgress([])).toBeNull();
    expect(rollUpProgress([{ weight: 2, progress: 50, status: 'abandoned' }])).toBeNull();
  });

  const item = fc.record({
    weight: fc.integer({ min: 1, max: 1000 }),
    progress: fc.integer({ min: 0, max: 100 }),
    status: fc.constantFrom<CommitmentStatus>(...COMMITMENT_STATUSES),
  });

  it('stays within 0–100', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 50 }), (items) => {
        const p = rollUpProgress(items);
        return p === null || (p >= 0 && p <= 100 + 1e-9);
      }),
    );
  });

  it('never falls when one commitment progresses', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 30 }), fc.nat(), fc.integer({ min: 0, max: 100 }), (items, at, more) => {
        const i = at % items.length;
        const raised = items.map((c, j) => (j === i ? { ...c, progress: Math.min(100, c.progress + more) } : c));
        const before = rollUpProgress(items);
        const after = rollUpProgress(raised);
        return before === null ? after === null : after! >= before - 1e-9;
      }),
    );
  });

  it('equals the one value when there is one commitment', () => {
    fc.assert(fc.property(item.filter((c) => c.status !== 'abandoned'), (c) => rollUpProgress([c]) === c.progress));
  });
});

describe('vision diff', () => {
  const o = (id: string, title: string, targetValue: number | null = null): Objective => ({ id, title, indicatorCode: null, baseline: null, targetValue, unit: targetValue === null ? null : 't', targetYear: 2031 });

  it('tells the statement, added, removed and changed objectives field by field', () => {
    const v1 = { version: 1, statement: 'Une économie locale', objectives: [o('a', 'Déchets', 100), o('b', 'Circuits courts')] };
    const v2 = { version: 2, statement: 'Une économie locale et sobre', objectives: [o('a', 'Déchets évités', 120), o('c', 'Rénovation')] };
    const diff = diffVisions(v1, v2);
    expect(diff).toMatchObject({ from: 1, to: 2, statementChanged: true, statement: { before: 'Une économie locale', after: 'Une économie locale et sobre' } });
    expect(diff.added.map((x) => x.id)).toEqual(['c']);
    expect(diff.removed.map((x) => x.id)).toEqual(['b']);
    expect(diff.changed).toEqual([
      { id: 'a', title: 'Déchets évités', fields: [{ field: 'title', before: 'Déchets', after: 'Déchets évités' }, { field: 'targetValue', before: 100, after: 120 }] },
    ]);
  });

  it('finds nothing between a version and itself', () => {
    const v = { version: 1, statement: 's', objectives: [o('a', 'A', 1)] };
    expect(diffVisions(v, v)).toMatchObject({ statementChanged: false, statement: null, added: [], removed: [], changed: [] });
  });
});

describe('Atom feed', () => {
  it('escapes the five XML characters', () => {
    expect(escapeXml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &apos;y&apos;)&lt;/script&gt;');
  });

  it('writes one entry per event and no raw markup from titles or links', () => {
    const xml = renderAtomFeed({
      id: 'urn:uuid:t',
      title: 'Chronique',
      updated: '2026-01-01T00:00:00.000Z',
      selfLink: 'https://x/feed?a=1&b=2',
      alternateLink: 'https://x',
      author: 'Amiens',
      entries: [
        { id: 'urn:uuid:1', title: '<script>alert("Pacte")</script> & co', updated: '2026-01-01T00:00:00.000Z', link: 'https://x/1', content: 'a\u0001b', category: 'pact.signed' },
        { id: 'urn:uuid:2', title: 'Deux', updated: '2026-01-01T00:00:00.000Z', link: 'https://x/2', content: 'c', category: 'commitment.done' },
      ],
    });
    expect(xml.match(/<entry>/g)).toHaveLength(2);
    expect(xml).not.toContain('<script>');
    expect(xml).toContain('&lt;script&gt;alert(&quot;Pacte&quot;)&lt;/script&gt; &amp; co');
    expect(xml).toContain('href="https://x/feed?a=1&amp;b=2"');
    expect(xml).toContain('<content type="text">ab</content>');
  });
});
