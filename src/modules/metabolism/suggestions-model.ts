import type { ScoredPair } from './matching-model.js';
import type { MatchStatus } from './symbiosis-model.js';

// Which suggestions to keep: for every need its k best offers, and for every offer its k best needs.
// When one offer (or need) changes, only its own pairs are scored again; the needs it enters or leaves
// are updated from the scores already stored, and a need it leaves while among its k best is refilled.

export interface StoredMatch {
  id: string;
  offerId: string;
  needId: string;
  score: number;
  status: MatchStatus;
}

export interface SuggestionPlan {
  /** Pairs to store as suggestions, or whose score and explanation to update when already stored. */
  keep: ScoredPair[];
  /** Suggested matches to delete (never a match someone acted on). */
  drop: string[];
  /** The other side's items whose k best must be looked for again. */
  refill: string[];
}

const better = (a: { score: number; id: string }, b: { score: number; id: string }) => b.score - a.score || a.id.localeCompare(b.id);

/**
 * The plan after `changed` (an offer when `side` is 'offer', a need otherwise) was created, edited or
 * closed. `fresh` is every positive pair of the changed item, best first (empty when it is closed).
 */
export function planRefresh(side: 'offer' | 'need', changed: string, fresh: readonly ScoredPair[], stored: readonly StoredMatch[], k: number): SuggestionPlan {
  const mine = (m: { offerId: string; needId: string }) => (side === 'offer' ? m.offerId : m.needId) === changed;
  const otherOf = (m: { offerId: string; needId: string }) => (side === 'offer' ? m.needId : m.offerId);
  const othersLists = new Map<string, StoredMatch[]>();
  for (const m of stored) {
    if (m.status !== 'suggested' || mine(m)) continue;
    const list = othersLists.get(otherOf(m)) ?? [];
    list.push(m);
    othersLists.set(otherOf(m), list);
  }
  for (const list of othersLists.values()) list.sort((a, b) => better(a, b));

  const keep = new Map<string, ScoredPair>();
  fresh.slice(0, k).forEach((p) => keep.set(otherOf(p), p));
  for (const p of fresh) {
    const list = othersLists.get(otherOf(p)) ?? [];
    if (list.length < k || p.score >= list[k - 1]!.score) keep.set(otherOf(p), p);
  }
  const freshByOther = new Map(fresh.map((p) => [otherOf(p), p]));
  for (const m of stored) {
    if (mine(m) && m.status !== 'suggested' && freshByOther.has(otherOf(m))) keep.set(otherOf(m), freshByOther.get(otherOf(m))!);
  }

  const drop: string[] = [];
  const refill = new Set<string>();
  for (const m of stored) {
    if (!mine(m) || m.status !== 'suggested') continue;
    const other = otherOf(m);
    const kept = keep.get(other);
    if (!kept) drop.push(m.id);
    // It was among the other's k best; if it left or fell, the other's next best may not be stored.
    const list = othersLists.get(other) ?? [];
    const rank = list.filter((x) => better(x, m) < 0).length;
    if (rank < k && (!kept || kept.score < m.score)) refill.add(other);
  }
  return { keep: [...keep.values()], drop, refill: [...refill] };
}

/** The plan of a full recomputation: the union of every need's and every offer's k best. */
export function planFull(best: readonly ScoredPair[], stored: readonly StoredMatch[]): SuggestionPlan {
  const keep = new Map<string, ScoredPair>();
  for (const p of best) keep.set(`${p.offerId}|${p.needId}`, p);
  const drop = stored.filter((m) => m.status === 'suggested' && !keep.has(`${m.offerId}|${m.needId}`)).map((m) => m.id);
  return { keep: [...keep.values()], drop, refill: [] };
}
