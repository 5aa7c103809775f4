// Statistical secrecy for confidential streams, after the rule INSEE applies to business statistics:
// a figure that carries confidential data is published only when at least three distinct
// organisations contribute to its confidential part. Figures below the threshold are folded into an
// "other / secret" bucket; when that bucket would itself rest on fewer than three organisations, the
// smallest published parts join it until it does (so that no folded part can be worked out as the
// difference between a total and what is published); when all the confidential parts of a table
// together rest on fewer than three organisations, none of them is shown, not even in a total.
//
// The confidential part of a figure is what the reader may not see in detail: other readers' public
// flows are listed one by one, so a figure minus the listed flows gives it away. Organisations count
// once however many flows they have in it; a confidential flow with no organisation at either end
// counts as a contributor of its own.

export const SECRECY_MIN_CONTRIBUTORS = 3;

/** The confidential part of one figure: tonnes, flows and who they come from. */
export interface SecretPart {
  tonnes: number;
  flows: number;
  contributors: Set<string>;
}

export const emptySecretPart = (): SecretPart => ({ tonnes: 0, flows: 0, contributors: new Set() });

export function addToSecretPart(part: SecretPart, tonnes: number, contributors: readonly string[]): void {
  part.tonnes += tonnes;
  part.flows += 1;
  for (const c of contributors) part.contributors.add(c);
}

function merge(parts: readonly SecretPart[]): SecretPart {
  const merged = emptySecretPart();
  for (const p of parts) {
    merged.tonnes += p.tonnes;
    merged.flows += p.flows;
    for (const c of p.contributors) merged.contributors.add(c);
  }
  return merged;
}

export const disclosable = (part: SecretPart): boolean => part.contributors.size >= SECRECY_MIN_CONTRIBUTORS;

export interface Disclosure<K> {
  /** The figures whose confidential part may be shown with them. */
  shown: Set<K>;
  /** What is folded into the "other / secret" bucket; null when nothing is, or when it is withheld. */
  secret: SecretPart | null;
  /** Some confidential data are shown nowhere (they rest on too few organisations). */
  withheld: boolean;
}

/** Which confidential parts of a table of figures may be shown, and what goes to the "other / secret" bucket. */
export function disclose<K>(parts: ReadonlyMap<K, SecretPart>): Disclosure<K> {
  const present = [...parts].filter(([, p]) => p.flows > 0);
  if (present.length === 0) return { shown: new Set(), secret: null, withheld: false };
  if (!disclosable(merge(present.map(([, p]) => p)))) return { shown: new Set(), secret: null, withheld: true };
  const shown = present.filter(([, p]) => disclosable(p));
  let folded = present.filter(([, p]) => !disclosable(p));
  if (folded.length === 0) return { shown: new Set(shown.map(([k]) => k)), secret: null, withheld: false };
  // Secondary secrecy: the bucket must rest on three organisations too; the smallest shown parts join it.
  shown.sort(([, a], [, b]) => a.tonnes - b.tonnes);
  while (!disclosable(merge(folded.map(([, p]) => p)))) folded = [...folded, shown.shift()!];
  return { shown: new Set(shown.map(([k]) => k)), secret: merge(folded.map(([, p]) => p)), withheld: false };
}

/** Who a confidential flow comes from: the organisations at its ends, or the flow itself when there are none. */
export function contributorsOf(flowId: string, organisationIds: readonly (string | null | undefined)[]): string[] {
  const organisations = organisationIds.filter((o): o is string => typeof o === 'string');
  return organisations.length > 0 ? [...new Set(organisations)] : [`flow:${flowId}`];
}
