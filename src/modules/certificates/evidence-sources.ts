import { systemActor } from '../../platform/auth/actor.js';
import type { Territory } from '../territories/model.js';
import type { SalaryShareService } from '../currency/salary-share.js';
import type { CurrencyService } from '../currency/service.js';
import type { CommitmentsService } from '../pact/commitments.js';
import type { TaskForcesService } from '../pact/task-forces.js';
import { dueDateOf } from '../pact/commitment-model.js';

/**
 * A measure computed from what happens on the platform, which a referential criterion names as its
 * automatic source (`"automatic": { "source": "currency.salary_share", … }`). It reads other modules
 * through their services only, never writes, and answers null when there is nothing to measure (no
 * payroll converted, no commitment due yet): the criterion is then assessed on evidence alone.
 *
 * Each module registers its own sources. The metabolism module (operating synergies, tonnes looped
 * locally) registers `metabolism.operating_synergies` and `metabolism.tonnes_looped` through
 * `CertificateServices.registerEvidenceSource` in src/app.ts. A criterion of an edited referential
 * that names a source nobody registers reads "source not available".
 */
export interface CertificateEvidenceSource {
  /** `module.measure`, as the referential names it. */
  readonly code: string;
  readonly label: { readonly fr: string; readonly en: string };
  readonly unit: string;
  measure(context: EvidenceContext): Promise<number | null>;
}

export interface EvidenceContext {
  readonly territory: Territory;
  readonly organisationId: string;
  /** The moment of the measure (ISO): a year back from it is the period of flows. */
  readonly asOf: string;
}

/** The metabolism module's measures, named here so the shipped referential can refer to them already. */
export const METABOLISM_SOURCE_CODES = ['metabolism.operating_synergies', 'metabolism.tonnes_looped'] as const;

export class EvidenceSourceRegistry {
  private readonly sources = new Map<string, CertificateEvidenceSource>();

  constructor(initial: readonly CertificateEvidenceSource[] = []) {
    for (const s of initial) this.register(s);
  }

  /** The named registration point: a module adds its measures once, when the services are wired. */
  register(source: CertificateEvidenceSource): void {
    if (!/^[a-z][a-z_]*\.[a-z][a-z_]*$/.test(source.code)) throw new Error(`Evidence source code "${source.code}" is not module.measure`);
    if (this.sources.has(source.code)) throw new Error(`Evidence source ${source.code} is registered twice`);
    this.sources.set(source.code, source);
  }

  get(code: string): CertificateEvidenceSource | undefined {
    return this.sources.get(code);
  }

  list(): CertificateEvidenceSource[] {
    return [...this.sources.values()];
  }

  /** Measures every named source; a source that fails or is missing gives null rather than blocking an application. */
  async measureAll(codes: Iterable<string>, context: EvidenceContext): Promise<Map<string, number | null>> {
    const values = new Map<string, number | null>();
    for (const code of new Set(codes)) {
      const source = this.sources.get(code);
      try {
        values.set(code, source ? await source.measure(context) : null);
      } catch {
        values.set(code, null);
      }
    }
    return values;
  }
}

export interface PlatformServicesForEvidence {
  readonly salaryShare: SalaryShareService;
  readonly currency: CurrencyService;
  readonly commitments: CommitmentsService;
  readonly taskForces: TaskForcesService;
}

const reader = systemActor('certificate evidence');
const YEAR_MS = 365 * 86_400_000;

/** The sources the currency and pact modules give, read through their services. */
export function platformEvidenceSources(s: PlatformServicesForEvidence): CertificateEvidenceSource[] {
  return [
    {
      code: 'currency.salary_share',
      label: { fr: 'Part des salaires convertie en monnaie locale', en: 'Share of salaries converted to local currency' },
      unit: '%',
      async measure({ territory, organisationId }) {
        const totals = await s.salaryShare.convertedTotals(territory.id, organisationId);
        return totals.totalNet > 0n ? (Number(totals.totalConverted) / Number(totals.totalNet)) * 100 : null;
      },
    },
    {
      code: 'currency.local_turnover',
      label: { fr: 'Chiffre d’affaires encaissé en monnaie locale sur douze mois', en: 'Turnover received in local currency over twelve months' },
      unit: 'units',
      async measure({ territory, organisationId, asOf }) {
        const accounts = await s.currency.myAccounts(reader, territory.slug, { type: 'organisation', id: organisationId });
        const account = accounts.find((a) => a.unit === territory.currencyCode && a.kind === 'member');
        if (!account) return null;
        const since = new Date(Date.parse(asOf) - YEAR_MS).toISOString();
        let received = 0n;
        let cursor: string | undefined;
        // The statement pages newest first: stop at the first transfer older than a year.
        for (;;) {
          const page = await s.currency.accountStatement(reader, territory.slug, account.id, { limit: 500, ...(cursor ? { cursor } : {}) });
          for (const t of page.items) {
            if (t.createdAt < since) return Number(received) / 100;
            if (t.createdAt <= asOf && t.direction === 'credit' && t.kind === 'payment' && (t.phase === 'single' || t.phase === 'post_pending')) received += t.amount;
          }
          if (!page.nextCursor) return Number(received) / 100;
          cursor = page.nextCursor;
        }
      },
    },
    {
      code: 'pact.commitments_kept',
      label: { fr: 'Engagements tenus dans les délais', en: 'Commitments kept on time' },
      unit: '%',
      async measure({ territory, organisationId, asOf }) {
        const today = asOf.slice(0, 10);
        const commitments = await s.commitments.list(territory.slug, { organisationId });
        let due = 0;
        let kept = 0;
        for (const c of commitments) {
          const deadline = dueDateOf(c);
          if (deadline === null) continue;
          if (c.status === 'done') {
            const updates = await s.commitments.updates(territory.slug, c.id);
            const doneOn = updates.find((u) => u.status === 'done')?.recordedAt.slice(0, 10);
            due += 1;
            if (doneOn !== undefined && doneOn <= deadline) kept += 1;
          } else if (deadline < today || c.status === 'abandoned') due += 1;
        }
        return due > 0 ? (kept / due) * 100 : null;
      },
    },
    {
      code: 'pact.task_force_participation',
      label: { fr: 'Task Forces auxquelles l’organisation participe', en: 'Task Forces the organisation takes part in' },
      unit: 'task forces',
      async measure({ territory, organisationId }) {
        let count = 0;
        for (const tf of await s.taskForces.list(territory.slug)) {
          if (tf.status === 'proposed') continue;
          const members = await s.taskForces.members(territory.slug, tf.id);
          if (members.some((m) => m.memberType === 'organisation' && m.memberId === organisationId && m.role !== 'observer')) count += 1;
        }
        return count;
      },
    },
  ];
}
