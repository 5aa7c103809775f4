import type { Territory } from '../../territories/model.js';
import type { CertificatesService } from '../../certificates/certificates.js';
import type { PactService } from '../../pact/service.js';
import { ProblemError } from '../../../platform/errors.js';
import type { ComputationPeriod, ComputedIndicatorProvider, ComputedValue } from '../computed.js';

export const CERTIFICATES_INDICATORS = ['certified_partners_share'] as const;

/**
 * Share of partners certified: of the organisations that had signed the Pact by the end of the
 * period, the share holding a Certificat d'Utilité Territoriale in force then (not expired, suspended,
 * revoked). For a period not over yet, "then" is now.
 */
export function certificatesIndicatorProvider(deps: { pact: PactService; certificates: CertificatesService; now: () => string }): ComputedIndicatorProvider {
  return {
    module: 'certificates',
    codes: CERTIFICATES_INDICATORS,
    async compute(territory: Territory, period: ComputationPeriod): Promise<ComputedValue[]> {
      const now = deps.now();
      const endOfPeriod = `${period.end}T00:00:00.000Z`;
      const instant = endOfPeriod < now ? endOfPeriod : now;
      const signatures = await deps.pact.listSignatures(territory.slug).then(
        (s) => s.items,
        (error: unknown) => {
          if (error instanceof ProblemError && error.code === 'not_found') return [];
          throw error;
        },
      );
      const signatories = signatures.filter((s) => s.signedOn < period.end && s.signedOn <= instant.slice(0, 10));
      if (signatories.length === 0) {
        return [{ code: 'certified_partners_share', value: null, footnote: { fr: 'Aucune organisation n’avait signé le Pacte à la fin de la période.', en: 'No organisation had signed the Pact by the end of the period.' } }];
      }
      const certified = await deps.certificates.organisationsCertifiedAt(territory.slug, instant);
      const count = signatories.filter((s) => certified.has(s.organisationId)).length;
      const when = instant === endOfPeriod ? { fr: `le ${period.end} à 0 h`, en: `on ${period.end} at midnight` } : { fr: `au ${instant.slice(0, 10)}`, en: `as of ${instant.slice(0, 10)}` };
      return [
        {
          code: 'certified_partners_share',
          value: Math.round((count / signatories.length) * 1000) / 10,
          footnote: {
            fr: `${count} signataire(s) du Pacte sur ${signatories.length} détenai(en)t un Certificat d’Utilité Territoriale en vigueur ${when.fr}.`,
            en: `${count} of ${signatories.length} signatory(ies) of the Pact held a Certificat d’Utilité Territoriale in force ${when.en}.`,
          },
        },
      ];
    },
  };
}
