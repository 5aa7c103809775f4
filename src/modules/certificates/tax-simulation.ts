import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { actorId, type Actor } from '../../platform/auth/actor.js';
import { forbidden, invalidInput, unauthenticated, type FieldError } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import type { TerritoriesService } from '../territories/service.js';
import { assessmentsRepository as repo } from './repository.js';
import { certificatesRepository } from './certificates-repository.js';
import type { ReferentialsService } from './referentials.js';
import { CET_RATES_2026, DEFAULT_CUT_REDUCTIONS_BP, simulateCet, simulateCut, validateCetRates, validateCutPolicy, validateTaxInputs, type CetRates, type CetSimulation } from './tax-model.js';
import { canManageCertificateSettings, publicStatusOf } from './workflow-model.js';

export interface CertificateSettingsView {
  /** Reduction of the CET per certificate level, in basis points (10000 = the whole CET). */
  cutReductionsBp: Record<string, number>;
  taxRates: CetRates;
  /** True while the territory uses the rates shipped with the product. */
  defaultTaxRates: boolean;
}

export interface TaxSimulation {
  scenario: { fr: string; en: string };
  rates: CetRates;
  inputs: { cfeBase: number; cfeRateBp: number; turnover: number; valueAdded: number };
  cet: CetSimulation;
  /** What is due under the territory's CUT policy with no certificate, then at each level. */
  cut: { level: string | null; label: { fr: string; en: string } | null; reductionBp: number; reduction: bigint; due: bigint }[];
  /** The organisation's own level, when one was named and holds a valid certificate. */
  organisationLevel: string | null;
}

export const SCENARIO_NOTICE = {
  fr: 'Simulation du scénario Pacte 21 : les Certificats d’Utilité Territoriale remplaceraient la CET. C’est une proposition, pas le droit en vigueur ; la CET est calculée selon le code général des impôts, sans frais de gestion ni taxe additionnelle.',
  en: 'Simulation of the Pacte 21 scenario: Territorial Utility Certificates would replace the CET. This is a proposal, not the law in force; the CET is computed under the French tax code, without management fees or the additional tax.',
};

/** The territory's CUT policy and the CET simulator. */
export class TaxSimulationService {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    private readonly referentials: ReferentialsService,
    private readonly clock: Clock = systemClock,
  ) {}

  async settings(slug: string): Promise<CertificateSettingsView> {
    const territory = await this.territories.requireTerritory(slug);
    const stored = await repo.findSettings(this.db, territory.id);
    return {
      cutReductionsBp: stored?.cutReductionsBp ?? { ...DEFAULT_CUT_REDUCTIONS_BP },
      taxRates: stored?.taxRates ? (JSON.parse(stored.taxRates) as CetRates) : CET_RATES_2026,
      defaultTaxRates: !stored?.taxRates,
    };
  }

  /** A facilitator sets the reductions per level, and the CET rates when a finance law changes them (null: back to the shipped ones). */
  async updateSettings(actor: Actor, slug: string, patch: { cutReductionsBp?: Record<string, number>; taxRates?: CetRates | null }): Promise<CertificateSettingsView> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    if (!canManageCertificateSettings(await this.territories.grantsFor(actor, territory.id))) throw forbidden('Only a facilitator of this territory sets its CUT policy.');
    const current = await this.settings(slug);
    const referential = await this.referentials.currentOf(territory);
    const errors: FieldError[] = [];
    if (patch.cutReductionsBp) errors.push(...validateCutPolicy({ reductionsBp: patch.cutReductionsBp }, referential.levels.map((l) => l.code)));
    if (patch.taxRates) errors.push(...validateCetRates(patch.taxRates));
    if (errors.length > 0) throw invalidInput(errors);
    const cutReductionsBp = patch.cutReductionsBp ?? current.cutReductionsBp;
    const taxRates = patch.taxRates === undefined ? (current.defaultTaxRates ? null : current.taxRates) : patch.taxRates;
    await inTransaction(this.db, async (trx) => {
      await repo.saveSettings(trx, territory.id, { cutReductionsBp, taxRates: taxRates ? JSON.stringify(taxRates) : null }, this.clock().toISOString(), actorId(actor));
      await appendAuditEvent(trx, actor, { territoryId: territory.id, action: 'certificate_settings.updated', targetType: 'territory', targetId: territory.id, change: { cutReductionsBp, taxRates } }, this.clock);
    });
    return this.settings(slug);
  }

  /** Anyone may simulate: the CET under the law, then under the territory's CUT policy for each level. */
  async simulate(slug: string, inputs: { cfeBase: number; cfeRateBp: number; turnover: number; valueAdded: number }, organisationId?: string): Promise<TaxSimulation> {
    const territory = await this.territories.requireTerritory(slug);
    const errors = validateTaxInputs(inputs);
    if (errors.length > 0) throw invalidInput(errors);
    const settings = await this.settings(slug);
    const referential = await this.referentials.currentOf(territory);
    const cet = simulateCet({ cfeBase: BigInt(inputs.cfeBase), cfeRateBp: inputs.cfeRateBp, turnover: BigInt(inputs.turnover), valueAdded: BigInt(inputs.valueAdded) }, settings.taxRates);
    const labels = new Map(referential.levels.map((l) => [l.code, l.label]));
    const cut = simulateCut(cet.cet, { reductionsBp: settings.cutReductionsBp }, referential.levels.map((l) => l.code)).map((line) => ({
      ...line,
      label: line.level === null ? null : (labels.get(line.level) ?? null),
    }));
    let organisationLevel: string | null = null;
    if (organisationId) {
      const current = await certificatesRepository.currentOfOrganisation(this.db, territory.id, organisationId);
      if (current && publicStatusOf(current, this.clock().toISOString()) === 'active') organisationLevel = current.level;
    }
    return { scenario: SCENARIO_NOTICE, rates: settings.taxRates, inputs, cet, cut, organisationLevel };
  }
}
