import type { Territory } from '../territories/model.js';
import { periodBounds, type Bilingual } from './model.js';

/** The period a provider computes over: [start, end) as dates, from a year (`2025`) or a month (`2025-10`). */
export interface ComputationPeriod {
  period: string;
  start: string;
  end: string;
}

export function computationPeriod(period: string): ComputationPeriod {
  return { period, ...periodBounds(period) };
}

export interface ComputedValue {
  code: string;
  /** Null when the period gives nothing to compute from (no population known, no commitment due). */
  value: number | null;
  /** Shown beside the value, in French and in English: how it was computed, from what. */
  footnote: Bilingual;
}

/**
 * What a module implements to feed indicators it alone can compute (the ledger's circulation, the
 * Pact's commitments kept on time…). Each module registers its provider once, in `createServices`;
 * live values are computed on demand, and a facilitator's publish action freezes a period as final
 * observations with the source `computed:<module>`.
 */
export interface ComputedIndicatorProvider {
  /** The module's name, written in the observations' source (`computed:currency`). */
  readonly module: string;
  readonly codes: readonly string[];
  compute(territory: Territory, period: ComputationPeriod): Promise<ComputedValue[]>;
}

/** The providers registered by the modules that exist; an indicator's code is served by one only. */
export class ComputedIndicatorRegistry {
  private readonly byCode = new Map<string, ComputedIndicatorProvider>();
  private readonly all: ComputedIndicatorProvider[] = [];

  register(provider: ComputedIndicatorProvider): void {
    for (const code of provider.codes) {
      const other = this.byCode.get(code);
      if (other) throw new Error(`Indicator ${code} is already computed by ${other.module}; ${provider.module} cannot compute it too.`);
    }
    for (const code of provider.codes) this.byCode.set(code, provider);
    this.all.push(provider);
  }

  providerOf(code: string): ComputedIndicatorProvider | undefined {
    return this.byCode.get(code);
  }

  providers(): readonly ComputedIndicatorProvider[] {
    return this.all;
  }

  modules(): string[] {
    return this.all.map((p) => p.module);
  }
}
