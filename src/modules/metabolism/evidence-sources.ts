import { systemActor } from '../../platform/auth/actor.js';
import type { CertificateEvidenceSource, EvidenceContext } from '../certificates/evidence-sources.js';
import type { MetabolismService } from './service.js';
import type { SymbiosisService } from './symbiosis.js';

const reader = systemActor('certificate evidence');

/**
 * What a Certificat d'Utilité Territoriale can read from the metabolism, as the shipped referential
 * names it: the synergies an organisation takes part in, and the tonnes it exchanges with the
 * territory's other organisations in the year of the measure (or the year before, when the accounts of
 * the current year are not there yet).
 */
export function metabolismEvidenceSources(metabolism: MetabolismService, symbiosis: SymbiosisService): CertificateEvidenceSource[] {
  return [
    {
      code: 'metabolism.operating_synergies',
      label: { fr: 'Synergies en service', en: 'Operating synergies' },
      unit: 'synergies',
      async measure({ territory, organisationId, asOf }: EvidenceContext) {
        const year = Number(asOf.slice(0, 4));
        const { items: synergies } = await symbiosis.synergies(reader, territory.slug);
        return synergies.filter(
          (s) =>
            (s.from.organisationId === organisationId || s.to.organisationId === organisationId) &&
            (s.startedYear ?? Infinity) <= year &&
            (s.status === 'operating' || (s.endedYear ?? -Infinity) >= year),
        ).length;
      },
    },
    {
      code: 'metabolism.tonnes_looped',
      label: { fr: 'Tonnes échangées avec les acteurs du territoire', en: 'Tonnes exchanged with the territory’s actors' },
      unit: 't/an',
      async measure({ territory, organisationId, asOf }: EvidenceContext) {
        const year = Number(asOf.slice(0, 4));
        const years = new Set((await metabolism.years(territory.slug)).map((y) => y.year));
        const measured = years.has(year) ? year : years.has(year - 1) ? year - 1 : null;
        if (measured === null) return null;
        const { nodes, flows } = await metabolism.yearFor(reader, territory.slug, measured);
        const own = nodes.find((n) => n.organisationId === organisationId);
        if (!own) return null;
        const actors = new Set(nodes.filter((n) => n.kind === 'actor').map((n) => n.id));
        return flows
          .filter((f) => (f.fromNodeId === own.id && actors.has(f.toNodeId)) || (f.toNodeId === own.id && actors.has(f.fromNodeId)))
          .reduce((sum, f) => sum + f.tonnes, 0);
      },
    },
  ];
}
