import type { Services } from '../app.js';
import { systemActor, type Actor, personActor as person } from '../platform/auth/actor.js';
import type { CriterionStatus } from '../modules/certificates/scoring-model.js';
import type { AnswerInput } from '../modules/certificates/workflow-model.js';
import type { DemoClock } from './clock.js';
import type { DemoOrganisationKey, DemoPersonKey, DemoTerritory } from './territories.js';

const MINUTE = 60_000;

type Profile = 'exemplaire' | 'avance' | 'confirme' | 'engage' | 'refused';

/**
 * Statuses per area that give each level under the shipped referential (see docs/certificates.md):
 * all met is Exemplaire; all partly met is 50 % everywhere, Confirmé; the others mix them.
 */
const PROFILES: Record<Profile, (area: string, code: string) => CriterionStatus> = {
  exemplaire: (_area, code) => (code === 'COM-4' ? 'not_applicable' : 'met'),
  avance: (area, code) =>
    area === 'gouvernance' || area === 'travail' ? 'met' : area === 'communaute' ? (code === 'COM-1' ? 'met' : code === 'COM-2' ? 'partly_met' : 'not_met') : 'partly_met',
  confirme: () => 'partly_met',
  engage: (area, code) => (area === 'travail' ? (code === 'TRA-1' ? 'met' : 'not_met') : 'partly_met'),
  refused: (_area, code) => (code === 'GOV-1' ? 'met' : 'not_met'),
};

// organisation, its representative among the demo people (else the demo acts as the system), profile, final stage
type Stage = 'issued' | 'suspended' | 'revoked' | 'updated' | 'update_open' | 'in_review' | 'submitted' | 'draft' | 'returned' | 'refused' | 'withdrawn';
const ORGANISATIONS: readonly (readonly [DemoOrganisationKey, DemoPersonKey | null, Profile, Stage])[] = [
  ['bakery', 'bakeryLead', 'exemplaire', 'issued'],
  ['vegetableFarm', 'farmLead', 'avance', 'issued'],
  ['energyCoop', 'energyLead', 'confirme', 'update_open'],
  ['digitalCoop', null, 'engage', 'issued'],
  ['buildingReuse', null, 'engage', 'updated'],
  ['recycling', 'recyclingLead', 'avance', 'suspended'],
  ['ressourcerie', 'ressourcerieLead', 'confirme', 'revoked'],
  ['waste', 'wasteLead', 'confirme', 'in_review'],
  ['grain', 'currencyOperator', 'avance', 'submitted'],
  ['coopGrocery', null, 'confirme', 'draft'],
  ['carpentry', null, 'engage', 'returned'],
  ['restaurant', null, 'refused', 'refused'],
  ['brewery', null, 'confirme', 'withdrawn'],
];

/**
 * Certificats d'Utilité Territoriale: the shipped referential, a dozen organisations at every stage
 * (drafts, submitted, in review, returned, refused, withdrawn, issued at each level, one yearly update,
 * one suspended, one revoked), in the hours left before `now` — the demo clock only moves forward.
 */
export async function seedCertificatesDemo(services: Services, demo: DemoTerritory, clock: DemoClock, now: Date): Promise<void> {
  const { slug, organisations: o, people: p } = demo;
  const { assessments, certificates, referentials } = services.certificates;
  const referential = await referentials.current(slug);
  const auditor = person(p.auditor.id);
  const system = systemActor('demo');
  const step = (now.getTime() - clock.now().getTime()) / (ORGANISATIONS.length * 8 + 8);
  const tick = () => clock.set(new Date(clock.now().getTime() + Math.max(MINUTE / 60, Math.min(20 * MINUTE, step))));

  const statusesOf = (profile: Profile) =>
    Object.fromEntries(referential.areas.flatMap((a) => a.criteria.map((c) => [c.code, PROFILES[profile](a.code, c.code)] as const)));
  const answersOf = (profile: Profile, upTo = Number.POSITIVE_INFINITY): Record<string, AnswerInput> =>
    Object.fromEntries(
      referential.areas
        .flatMap((a) => a.criteria)
        .slice(0, upTo)
        .map((c) => {
          const status = statusesOf(profile)[c.code]!;
          const claims = status === 'met' || status === 'partly_met';
          return [c.code, { status, evidenceNote: claims ? `${c.evidence.description.fr} Pièce versée au dossier.` : null }];
        }),
    );
  const reviewsOf = (profile: Profile) =>
    Object.fromEntries(
      Object.entries(statusesOf(profile)).map(([code, status]) => [code, { status, opinion: status === 'not_met' ? 'Non démontré par les pièces fournies.' : 'Conforme aux pièces examinées.' }]),
    );

  const certify = async (actor: Actor, organisationId: string, profile: Profile): Promise<{ assessmentId: string; certificateId: string | null }> => {
    const opened = await assessments.apply(actor, slug, organisationId);
    tick();
    await assessments.answer(actor, slug, opened.id, answersOf(profile));
    tick();
    await assessments.submit(actor, slug, opened.id);
    tick();
    await assessments.review(auditor, slug, opened.id, reviewsOf(profile));
    tick();
    const decided =
      profile === 'refused'
        ? await assessments.decide(auditor, slug, opened.id, { decision: 'refuse', reasons: 'Les engagements du Pacte et les achats locaux ne sont pas démontrés ; une nouvelle demande est possible avec les pièces.' })
        : await assessments.decide(auditor, slug, opened.id, { decision: 'issue' });
    tick();
    return { assessmentId: opened.id, certificateId: decided.certificateId };
  };

  for (const [key, representative, profile, stage] of ORGANISATIONS) {
    const actor = representative ? person(p[representative].id) : system;
    const organisationId = o[key].id;
    if (stage === 'issued' || stage === 'suspended' || stage === 'revoked' || stage === 'refused' || stage === 'updated' || stage === 'update_open') {
      const { certificateId } = await certify(actor, organisationId, profile);
      if (stage === 'suspended') {
        await certificates.suspend(auditor, slug, certificateId!, 'Contrôle en cours : les tonnages recyclés déclarés ne concordent pas avec les bordereaux de suivi des déchets.');
      } else if (stage === 'revoked') {
        await certificates.revoke(auditor, slug, certificateId!, 'Les achats locaux déclarés reposaient sur des factures d’un fournisseur extérieur au territoire.');
      } else if (stage === 'updated') {
        await certify(actor, organisationId, 'confirme');
      } else if (stage === 'update_open') {
        const update = await assessments.apply(actor, slug, organisationId);
        await assessments.answer(actor, slug, update.id, answersOf('avance', 8));
      }
      tick();
      continue;
    }
    const opened = await assessments.apply(actor, slug, organisationId);
    tick();
    if (stage === 'draft') {
      await assessments.answer(actor, slug, opened.id, answersOf(profile, 12));
      continue;
    }
    await assessments.answer(actor, slug, opened.id, answersOf(profile));
    tick();
    await assessments.submit(actor, slug, opened.id);
    tick();
    if (stage === 'in_review') {
      const partial = Object.fromEntries(Object.entries(reviewsOf(profile)).slice(0, 10));
      await assessments.review(auditor, slug, opened.id, partial);
    } else if (stage === 'returned') {
      await assessments.returnToApplicant(auditor, slug, opened.id, 'Merci de joindre le plan de développement des compétences et les conventions d’insertion (TRA-3, TRA-4).');
    } else if (stage === 'withdrawn') {
      await assessments.withdraw(actor, slug, opened.id);
    }
    tick();
  }

  // The plasterboard maker of the industrial zone (src/demo/metabolism.ts) takes the power plant's
  // gypsum: its submitted application carries the platform's measures for ENV-1 and ENV-2.
  const zone = (await services.territories.listOrganisations(slug, { limit: 1000 })).items;
  const plasterboard = zone.find((org) => org.siret === '85408284909994');
  if (plasterboard) {
    const opened = await assessments.apply(system, slug, plasterboard.id);
    tick();
    await assessments.answer(system, slug, opened.id, answersOf('avance'));
    tick();
    await assessments.submit(system, slug, opened.id);
    tick();
  }
}
