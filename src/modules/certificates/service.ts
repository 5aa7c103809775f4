import type { Executor } from '../../platform/db/transaction.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { loadConfig, publicUrlFrom } from '../../config.js';
import type { TerritoriesService } from '../territories/service.js';
import type { ChronicleService } from '../pact/chronicle.js';
import { AssessmentsService } from './assessments.js';
import { CertificatesService } from './certificates.js';
import { EvidenceSourceRegistry, platformEvidenceSources, type CertificateEvidenceSource, type PlatformServicesForEvidence } from './evidence-sources.js';
import { CertificateIssuer, type CertificateSettings } from './issuer.js';
import { ReferentialsService } from './referentials.js';
import { TaxSimulationService } from './tax-simulation.js';

export type { CertificateSettings, CertificateEvidenceSource };

/** The certificates module: one object in `Services`, its parts by concern. */
export interface CertificateServices {
  readonly referentials: ReferentialsService;
  readonly assessments: AssessmentsService;
  readonly certificates: CertificatesService;
  readonly issuer: CertificateIssuer;
  readonly taxes: TaxSimulationService;
  readonly evidenceSources: EvidenceSourceRegistry;
  /** Where another module adds an automatic source for the criteria (the metabolism module's, in src/app.ts). */
  registerEvidenceSource(source: CertificateEvidenceSource): void;
}

export interface CertificateDependencies extends PlatformServicesForEvidence {
  readonly territories: TerritoriesService;
  readonly chronicle: ChronicleService;
}

/**
 * Settings when the caller has no Config (the command line's services, the demo loader): the same
 * environment, so the keys the server sealed open here too.
 */
export function certificateSettingsFromEnvironment(): CertificateSettings {
  return { publicUrl: publicUrlFrom(), keySecret: () => process.env.PACTE21_KEY_SECRET ?? loadConfig().keySecret };
}

export function createCertificateServices(db: Executor, deps: CertificateDependencies, settings: CertificateSettings, clock: Clock = systemClock): CertificateServices {
  const evidenceSources = new EvidenceSourceRegistry(platformEvidenceSources(deps));
  const issuer = new CertificateIssuer(db, deps.territories, { ...settings, publicUrl: settings.publicUrl.replace(/\/+$/, '') }, clock);
  const referentials = new ReferentialsService(db, deps.territories, clock);
  const certificates = new CertificatesService(db, deps.territories, deps.chronicle, referentials, issuer, clock);
  const assessments = new AssessmentsService(db, deps.territories, referentials, certificates, evidenceSources, clock);
  const taxes = new TaxSimulationService(db, deps.territories, referentials, clock);
  return Object.freeze({
    referentials,
    assessments,
    certificates,
    issuer,
    taxes,
    evidenceSources,
    registerEvidenceSource: (source: CertificateEvidenceSource) => evidenceSources.register(source),
  });
}
