import { chapterOf, subChapterOf, topCategoryOf, type Substitution } from './model.js';

// Symbiosis matchmaking: a score in [0, 1] for an offer (a by-product or waste) and a need, the
// product of three factors, each explained, under two hard rules (hazardous waste only to receivers
// allowed to take it; no farther than the need's maximum distance). Same code beats same
// sub-chapter, which beats same chapter (the list of waste is a tree of materials and processes).

export const MATERIAL_FACTORS = {
  same_code: 1,
  same_material: 1,
  same_sub_chapter: 0.7,
  same_category: 0.5,
  same_chapter: 0.4,
} as const;

export type MaterialLevel = keyof typeof MATERIAL_FACTORS | 'substitution';

/** Scores under this are noise, not leads. */
export const MIN_SCORE = 0.02;

const RAD = Math.PI / 180;

export interface OfferForMatching {
  id: string;
  organisationId: string;
  wasteCode: string | null;
  category: string | null;
  materialName: string | null;
  tonnesPerYear: number;
  hazardous: boolean;
  latitude: number | null;
  longitude: number | null;
}

export interface NeedForMatching {
  id: string;
  organisationId: string;
  /** Waste codes (`17 08 02`), sub-chapters (`17 08`), chapters (`17`) or EW-MFA categories (`MF3.6`). */
  accepted: readonly string[];
  materialName: string | null;
  tonnesPerYear: number;
  maxDistanceKm: number;
  acceptsHazardous: boolean;
  latitude: number | null;
  longitude: number | null;
}

export interface MatchExplanation {
  material: { factor: number; level: MaterialLevel; offered: string; accepted: string; reason: string | null };
  quantity: { factor: number; offeredTonnes: number; neededTonnes: number };
  distance: { factor: number; km: number | null; maxKm: number };
  hazard: { hazardous: boolean; receiverAccepts: boolean };
}

export interface ScoredPair {
  offerId: string;
  needId: string;
  score: number;
  distanceKm: number | null;
  explanation: MatchExplanation;
}

export type SubstitutionsOf = (wasteCode: string) => readonly Substitution[];

const isCategory = (entry: string) => entry.startsWith('MF');
const isCode = (entry: string) => /^\d{2} \d{2} \d{2}$/.test(entry);
const normaliseName = (name: string) => name.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** `category` is `within` when equal or a sub-category of it (MF3.6 is within MF3). */
export function categoryWithin(category: string, within: string): boolean {
  return category === within || category.startsWith(`${within}.`);
}

/** Whether a need that accepts `accepted` takes what a substitution row says it can replace (`target`). */
function substitutionReaches(target: string, accepted: string): boolean {
  if (target === accepted) return true;
  if (isCategory(target) || isCategory(accepted)) return isCategory(target) && isCategory(accepted) && categoryWithin(target, accepted);
  return target.startsWith(`${accepted} `);
}

/** How well the offer's material serves one accepted entry of the need: the best level that applies. */
export function materialCompatibility(offer: OfferForMatching, need: NeedForMatching, substitutionsOf: SubstitutionsOf): MatchExplanation['material'] | null {
  let best: MatchExplanation['material'] | null = null;
  const consider = (factor: number, level: MaterialLevel, offered: string, accepted: string, reason: string | null = null) => {
    if (!best || factor > best.factor) best = { factor, level, offered, accepted, reason };
  };
  if (offer.materialName && need.materialName && normaliseName(offer.materialName) === normaliseName(need.materialName)) {
    consider(MATERIAL_FACTORS.same_material, 'same_material', offer.materialName, need.materialName);
  }
  const code = offer.wasteCode;
  const substitutions = code ? substitutionsOf(code) : [];
  for (const accepted of need.accepted) {
    if (isCategory(accepted)) {
      if (offer.category && categoryWithin(offer.category, accepted)) consider(MATERIAL_FACTORS.same_category, 'same_category', offer.category, accepted);
    } else if (code) {
      if (accepted === code) consider(MATERIAL_FACTORS.same_code, 'same_code', code, accepted);
      else if (subChapterOf(accepted) === subChapterOf(code) && accepted.length >= 5) consider(MATERIAL_FACTORS.same_sub_chapter, 'same_sub_chapter', code, accepted);
      else if (chapterOf(accepted) === chapterOf(code)) consider(MATERIAL_FACTORS.same_chapter, 'same_chapter', code, accepted);
    }
    for (const s of substitutions) {
      if (substitutionReaches(s.accepted, accepted)) consider(s.factor, 'substitution', s.offered, accepted, s.reason);
    }
  }
  return best;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance (haversine) in kilometres. */
export function haversineKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

const located = (x: { latitude: number | null; longitude: number | null }): x is { latitude: number; longitude: number } => x.latitude !== null && x.longitude !== null;

/**
 * The score of one pair with its explanation, or null when a hard rule refuses it (same organisation,
 * hazardous waste to a receiver not allowed to take it, beyond the maximum distance, nothing in common).
 * Quantity fit is the smaller over the larger tonnage; distance weighs from 1 (next door) down to 0.5 at
 * the maximum distance, and 0.5 when a location is unknown (someone must check).
 */
export function scorePair(offer: OfferForMatching, need: NeedForMatching, substitutionsOf: SubstitutionsOf): ScoredPair | null {
  if (offer.organisationId === need.organisationId) return null;
  if (offer.hazardous && !need.acceptsHazardous) return null;
  let km: number | null = null;
  if (located(offer) && located(need)) {
    km = haversineKm(offer, need);
    if (km > need.maxDistanceKm) return null;
  }
  const material = materialCompatibility(offer, need, substitutionsOf);
  if (!material) return null;
  const big = Math.max(offer.tonnesPerYear, need.tonnesPerYear);
  const quantity = big > 0 ? Math.min(offer.tonnesPerYear, need.tonnesPerYear) / big : 0;
  const distance = km === null ? 0.5 : 1 - km / (2 * need.maxDistanceKm);
  const score = material.factor * quantity * distance;
  if (score < MIN_SCORE) return null;
  return {
    offerId: offer.id,
    needId: need.id,
    score,
    distanceKm: km,
    explanation: {
      material,
      quantity: { factor: quantity, offeredTonnes: offer.tonnesPerYear, neededTonnes: need.tonnesPerYear },
      distance: { factor: distance, km, maxKm: need.maxDistanceKm },
      hazard: { hazardous: offer.hazardous, receiverAccepts: need.acceptsHazardous },
    },
  };
}

// ── the index ─────────────────────────────────────────────────────────────────────────────────────
//
// Scoring 50,000 offers against 50,000 needs pair by pair is 2.5 billion scores. The index looks only
// where a score can be high: offers are bucketed by code, sub-chapter, chapter, category and name, and
// each bucket is a spatial grid, so a need reads the buckets of what it accepts, best material level
// first, and only the cells its maximum distance reaches. It stops when the k-th best score found beats
// the best any remaining bucket could give (the threshold algorithm). Pairs are scored by a numeric fast
// path; only the k kept per need are explained, by `scorePair`, which the tests hold equal to it.

/** What the grid reads of an item: where it is, its tonnage, and the mark of the last search that saw it. */
interface Placed {
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly cosLatitude: number;
  readonly tonnes: number;
  stamp: number;
}

// Codes, sub-chapters, chapters and categories become small integers once, so that the fast path
// compares numbers instead of hashing strings.
const ids = new Map<string, number>();
const idOf = (key: string | null): number => {
  if (key === null) return -1;
  let id = ids.get(key);
  if (id === undefined) ids.set(key, (id = ids.size));
  return id;
};

/** An offer with the keys the fast path compares, computed once. */
interface PreparedOffer extends Placed {
  readonly offer: OfferForMatching;
  readonly sub: string | null;
  readonly chapter: string | null;
  readonly nameKey: string | null;
  readonly codeId: number;
  readonly subId: number;
  readonly chapterId: number;
  readonly categoryId: number;
  readonly topCategoryId: number;
}

/** A need reduced to what it accepts at each level, and the best substitution factor per offered code. */
interface PreparedNeed extends Placed {
  readonly need: NeedForMatching;
  readonly codes: readonly number[];
  readonly subs: readonly number[];
  readonly chapters: readonly number[];
  readonly categories: readonly number[];
  readonly substitutes: ReadonlyMap<number, number>;
  readonly nameKey: string | null;
  /** The same, as text, to name the buckets to search. */
  readonly keys: { codes: readonly string[]; subs: readonly string[]; chapters: readonly string[]; categories: readonly string[]; substituted: readonly (readonly [string, number])[] };
}

function prepareOffer(offer: OfferForMatching): PreparedOffer {
  const sub = offer.wasteCode ? subChapterOf(offer.wasteCode) : null;
  const chapter = offer.wasteCode ? chapterOf(offer.wasteCode) : null;
  return {
    offer,
    sub,
    chapter,
    nameKey: offer.materialName ? normaliseName(offer.materialName) : null,
    codeId: idOf(offer.wasteCode),
    subId: idOf(sub),
    chapterId: idOf(chapter),
    categoryId: idOf(offer.category),
    topCategoryId: idOf(offer.category ? topCategoryOf(offer.category) : null),
    latitude: offer.latitude,
    longitude: offer.longitude,
    cosLatitude: Math.cos((offer.latitude ?? 0) * RAD),
    tonnes: offer.tonnesPerYear,
    stamp: 0,
  };
}

/** The substitution rows reaching each accepted entry, worked out once per entry and list of rows. */
const reachingCache = new WeakMap<readonly Substitution[], Map<string, readonly Substitution[]>>();
function substitutionsReaching(accepted: string, substitutions: readonly Substitution[]): readonly Substitution[] {
  let cache = reachingCache.get(substitutions);
  if (!cache) reachingCache.set(substitutions, (cache = new Map()));
  let found = cache.get(accepted);
  if (!found) cache.set(accepted, (found = substitutions.filter((s) => substitutionReaches(s.accepted, accepted))));
  return found;
}

function prepareNeed(need: NeedForMatching, substitutions: readonly Substitution[]): PreparedNeed {
  const codes = new Set<string>();
  const subs = new Set<string>();
  const chapters = new Set<string>();
  const categories = new Set<string>();
  const substitutes = new Map<string, number>();
  for (const accepted of need.accepted) {
    if (isCategory(accepted)) categories.add(accepted);
    else {
      if (isCode(accepted)) codes.add(accepted);
      if (accepted.length >= 5) subs.add(subChapterOf(accepted));
      chapters.add(chapterOf(accepted));
    }
    for (const s of substitutionsReaching(accepted, substitutions)) substitutes.set(s.offered, Math.max(substitutes.get(s.offered) ?? 0, s.factor));
  }
  const numbers = (set: Set<string>) => [...set].map(idOf);
  return {
    need,
    codes: numbers(codes),
    subs: numbers(subs),
    chapters: numbers(chapters),
    categories: numbers(categories),
    substitutes: new Map([...substitutes].map(([code, factor]) => [idOf(code), factor])),
    nameKey: need.materialName ? normaliseName(need.materialName) : null,
    keys: { codes: [...codes], subs: [...subs], chapters: [...chapters], categories: [...categories], substituted: [...substitutes] },
    latitude: need.latitude,
    longitude: need.longitude,
    cosLatitude: Math.cos((need.latitude ?? 0) * RAD),
    tonnes: need.tonnesPerYear,
    stamp: 0,
  };
}

/** The material factor of `materialCompatibility`, from the prepared numbers. */
function materialFactor(n: PreparedNeed, o: PreparedOffer): number {
  if (n.nameKey !== null && n.nameKey === o.nameKey) return MATERIAL_FACTORS.same_material;
  let m = 0;
  if (o.codeId >= 0) {
    if (n.codes.includes(o.codeId)) return MATERIAL_FACTORS.same_code;
    if (n.subs.includes(o.subId)) m = MATERIAL_FACTORS.same_sub_chapter;
    else if (n.chapters.includes(o.chapterId)) m = MATERIAL_FACTORS.same_chapter;
    if (n.substitutes.size > 0) {
      const substitute = n.substitutes.get(o.codeId);
      if (substitute !== undefined && substitute > m) m = substitute;
    }
  }
  // Categories have two levels: MF3.6 is within MF3 and within itself.
  if (o.categoryId >= 0 && m < MATERIAL_FACTORS.same_category && (n.categories.includes(o.categoryId) || n.categories.includes(o.topCategoryId))) m = MATERIAL_FACTORS.same_category;
  return m;
}

/** The score of `scorePair` without its explanation; 0 when refused or when it cannot beat `floor`. */
function fastScore(n: PreparedNeed, o: PreparedOffer, floor: number): number {
  const offer = o.offer;
  const need = n.need;
  if (offer.organisationId === need.organisationId || (offer.hazardous && !need.acceptsHazardous)) return 0;
  const big = o.tonnes > n.tonnes ? o.tonnes : n.tonnes;
  if (!(big > 0)) return 0;
  const quantity = (o.tonnes < n.tonnes ? o.tonnes : n.tonnes) / big;
  if (quantity <= floor) return 0;
  const located = o.latitude !== null && o.longitude !== null && n.latitude !== null && n.longitude !== null;
  if (located) {
    // A cheap flat-earth look first: within a few per cent of the great circle at these distances.
    const dy = (o.latitude - n.latitude) * 111.2;
    const dx = (o.longitude - n.longitude) * 111.2 * n.cosLatitude;
    if (dx * dx + dy * dy > 1.1 * need.maxDistanceKm * need.maxDistanceKm) return 0;
  }
  const bound = materialFactor(n, o) * quantity;
  if (bound <= floor || bound < MIN_SCORE) return 0;
  let distance = 0.5;
  if (located) {
    const km = haversineKm(o as { latitude: number; longitude: number }, n as { latitude: number; longitude: number });
    if (km > need.maxDistanceKm) return 0;
    distance = 1 - km / (2 * need.maxDistanceKm);
  }
  const score = bound * distance;
  return score < MIN_SCORE ? 0 : score;
}

// 0.2° cells: 22 km north–south, 15 km east–west at the latitude of Amiens (measured faster than 0.5° and 1°).
const CELL_DEGREES = 0.2;
const cellKey = (y: number, x: number) => (y + 1000) * 4096 + (x + 2048);

class SpatialBucket<T extends Placed> {
  private readonly cells = new Map<number, { y: number; x: number; items: T[] }>();
  private readonly unlocated: T[] = [];
  private sorted = true;
  /** The largest search radius of the items (needs carry their own maximum distance). */
  radiusKm = 0;

  add(item: T, radiusKm = 0): void {
    if (radiusKm > this.radiusKm) this.radiusKm = radiusKm;
    this.sorted = false;
    if (item.latitude === null || item.longitude === null) {
      this.unlocated.push(item);
      return;
    }
    const y = Math.floor(item.latitude / CELL_DEGREES);
    const x = Math.floor(item.longitude / CELL_DEGREES);
    const cell = this.cells.get(cellKey(y, x));
    if (cell) cell.items.push(item);
    else this.cells.set(cellKey(y, x), { y, x, items: [item] });
  }

  /**
   * Fills `found` with the cells a circle of `radiusKm` around the point may touch, nearest first, with
   * the least distance from the point to each (0 for the unlocated items, whose distance is unknown).
   * Cells are sorted by tonnage, so that a search reads only the tonnages that can still fit. No
   * allocation: the search calls this for every bucket of every need.
   */
  near(point: Placed, radiusKm: number, found: CellList<T>): void {
    if (!this.sorted) {
      for (const items of [this.unlocated, ...[...this.cells.values()].map((c) => c.items)]) items.sort((a, b) => a.tonnes - b.tonnes);
      this.sorted = true;
    }
    found.length = 0;
    if (this.unlocated.length > 0) found.push(this.unlocated, 0);
    if (point.latitude === null || point.longitude === null) {
      for (const cell of this.cells.values()) found.push(cell.items, 0);
      return;
    }
    const kmPerDegreeLon = 111.2 * Math.max(0.01, point.cosLatitude);
    const dLat = radiusKm / 111.2;
    const dLon = radiusKm / kmPerDegreeLon;
    const y0 = Math.floor((point.latitude - dLat) / CELL_DEGREES);
    const y1 = Math.floor((point.latitude + dLat) / CELL_DEGREES);
    const x0 = Math.floor((point.longitude - dLon) / CELL_DEGREES);
    const x1 = Math.floor((point.longitude + dLon) / CELL_DEGREES);
    // A sparse bucket has fewer cells than the circle spans: read its cells rather than look each one up.
    const scan = (y1 - y0 + 1) * (x1 - x0 + 1) > this.cells.size;
    const consider = (cell: { y: number; x: number; items: T[] } | undefined) => {
      if (!cell || cell.y < y0 || cell.y > y1 || cell.x < x0 || cell.x > x1) return;
      const gapLat = Math.max(0, cell.y * CELL_DEGREES - point.latitude!, point.latitude! - (cell.y + 1) * CELL_DEGREES) * 111.2;
      const gapLon = Math.max(0, cell.x * CELL_DEGREES - point.longitude!, point.longitude! - (cell.x + 1) * CELL_DEGREES) * kmPerDegreeLon;
      // Flat-earth distance to the cell, shrunk by 5 % so that the curvature never makes it too large.
      const nearestKm = 0.95 * Math.sqrt(gapLat * gapLat + gapLon * gapLon);
      if (nearestKm <= radiusKm) found.push(cell.items, nearestKm);
    };
    if (scan) for (const cell of this.cells.values()) consider(cell);
    else for (let y = y0; y <= y1; y += 1) for (let x = x0; x <= x1; x += 1) consider(this.cells.get(cellKey(y, x)));
    found.sortByDistance();
  }
}

/** Cells and their least distances in two parallel arrays, reused from one search to the next. */
class CellList<T> {
  items: T[][] = [];
  distances: number[] = [];
  length = 0;
  push(items: T[], distance: number): void {
    this.items[this.length] = items;
    this.distances[this.length] = distance;
    this.length += 1;
  }
  /** Insertion sort: a few dozen cells, mostly in order already. */
  sortByDistance(): void {
    for (let i = 1; i < this.length; i += 1) {
      const items = this.items[i]!;
      const distance = this.distances[i]!;
      let j = i - 1;
      while (j >= 0 && this.distances[j]! > distance) {
        this.items[j + 1] = this.items[j]!;
        this.distances[j + 1] = this.distances[j]!;
        j -= 1;
      }
      this.items[j + 1] = items;
      this.distances[j + 1] = distance;
    }
  }
}

class Buckets<T extends Placed> {
  private readonly map = new Map<string, SpatialBucket<T>>();
  add(key: string, item: T, radiusKm = 0): void {
    let bucket = this.map.get(key);
    if (!bucket) this.map.set(key, (bucket = new SpatialBucket<T>()));
    bucket.add(item, radiusKm);
  }
  get(key: string): SpatialBucket<T> | undefined {
    return this.map.get(key);
  }
}

interface Candidate<T> {
  item: T;
  score: number;
}

/** The k best candidates, kept sorted (best first; ties by id, for one answer whatever the order of search). */
class TopK<T> {
  readonly items: Candidate<T>[] = [];
  constructor(
    private readonly k: number,
    private readonly idOf: (item: T) => string,
  ) {}
  get floor(): number {
    return this.items.length < this.k ? 0 : this.items[this.items.length - 1]!.score;
  }
  private better(a: Candidate<T>, b: Candidate<T>): boolean {
    return a.score > b.score || (a.score === b.score && this.idOf(a.item) < this.idOf(b.item));
  }
  offer(candidate: Candidate<T>): void {
    if (this.items.length >= this.k && !this.better(candidate, this.items[this.items.length - 1]!)) return;
    let i = this.items.length;
    while (i > 0 && this.better(candidate, this.items[i - 1]!)) i -= 1;
    this.items.splice(i, 0, candidate);
    if (this.items.length > this.k) this.items.pop();
  }
}

interface Source<T extends Placed> {
  bucket: SpatialBucket<T>;
  /** The best material factor any item of the bucket can reach. */
  bound: number;
}

let searchStamp = 0;

/** First index of a cell (sorted by tonnage) whose tonnage is at least `tonnes`. */
function firstAtLeast(cell: readonly Placed[], tonnes: number): number {
  let lo = 0;
  let hi = cell.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cell[mid]!.tonnes < tonnes) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function searchTopK<T extends Placed>(sources: Source<T>[], from: Placed, radiusOf: (bucket: SpatialBucket<T>) => number, score: (item: T, floor: number) => number, top: TopK<T>): void {
  sources.sort((a, b) => b.bound - a.bound);
  const stamp = (searchStamp += 1);
  const cells = new CellList<T>();
  for (const source of sources) {
    // Quantity and distance factors are at most 1: nothing left can beat the k-th best found.
    if (top.floor >= source.bound) break;
    const radius = radiusOf(source.bucket);
    source.bucket.near(from, radius, cells);
    for (let c = 0; c < cells.length; c += 1) {
      // The distance factor falls from 1 to 0.5 at the maximum distance (the bucket's widest radius bounds
      // every item's own); to beat the floor, the quantity fit must then reach floor / bound.
      const bound = source.bound * (1 - cells.distances[c]! / (2 * radius || 1));
      if (top.floor >= bound) break;
      const fit = top.floor / bound;
      const items = cells.items[c]!;
      let i = fit > 0 ? firstAtLeast(items, from.tonnes * fit) : 0;
      const highest = fit > 0 ? from.tonnes / fit : Infinity;
      for (; i < items.length; i += 1) {
        const item = items[i]!;
        if (item.tonnes > highest) break;
        if (item.stamp === stamp) continue;
        item.stamp = stamp;
        const s = score(item, top.floor);
        if (s > 0) top.offer({ item, score: s });
      }
    }
  }
}

/** Offers bucketed by code, sub-chapter, chapter, category and name, each bucket on a spatial grid. */
export class OfferIndex {
  private readonly buckets = new Buckets<PreparedOffer>();

  constructor(
    offers: Iterable<OfferForMatching>,
    private readonly substitutionsOf: SubstitutionsOf,
    private readonly substitutions: readonly Substitution[],
  ) {
    for (const offer of offers) {
      const prepared = prepareOffer(offer);
      const add = (key: string) => this.buckets.add(key, prepared);
      if (offer.wasteCode) {
        add(`code:${offer.wasteCode}`);
        add(`sub:${prepared.sub}`);
        add(`chapter:${prepared.chapter}`);
      }
      if (offer.category) {
        add(`category:${offer.category}`);
        if (topCategoryOf(offer.category) !== offer.category) add(`category:${topCategoryOf(offer.category)}`);
      }
      if (prepared.nameKey) add(`name:${prepared.nameKey}`);
    }
  }

  topOffersForNeed(need: NeedForMatching, k: number): ScoredPair[] {
    const prepared = prepareNeed(need, this.substitutions);
    const sources: Source<PreparedOffer>[] = [];
    const add = (key: string, bound: number) => {
      const bucket = this.buckets.get(key);
      if (bucket) sources.push({ bucket, bound });
    };
    if (prepared.nameKey) add(`name:${prepared.nameKey}`, MATERIAL_FACTORS.same_material);
    for (const code of prepared.keys.codes) add(`code:${code}`, MATERIAL_FACTORS.same_code);
    for (const sub of prepared.keys.subs) add(`sub:${sub}`, MATERIAL_FACTORS.same_sub_chapter);
    for (const category of prepared.keys.categories) add(`category:${category}`, MATERIAL_FACTORS.same_category);
    for (const chapter of prepared.keys.chapters) add(`chapter:${chapter}`, MATERIAL_FACTORS.same_chapter);
    for (const [code, factor] of prepared.keys.substituted) add(`code:${code}`, factor);
    const top = new TopK<PreparedOffer>(k, (o) => o.offer.id);
    searchTopK(sources, prepared, () => need.maxDistanceKm, (o, floor) => fastScore(prepared, o, floor), top);
    return top.items.map((c) => scorePair(c.item.offer, need, this.substitutionsOf)!);
  }
}

/** Needs bucketed by what they accept, each bucket on a spatial grid with its widest radius. */
export class NeedIndex {
  private readonly buckets = new Buckets<PreparedNeed>();

  constructor(
    needs: Iterable<NeedForMatching>,
    private readonly substitutionsOf: SubstitutionsOf,
    substitutions: readonly Substitution[],
  ) {
    for (const need of needs) {
      const prepared = prepareNeed(need, substitutions);
      const keys = new Set<string>();
      for (const code of prepared.keys.codes) keys.add(`code:${code}`);
      for (const sub of prepared.keys.subs) keys.add(`sub:${sub}`);
      for (const chapter of prepared.keys.chapters) keys.add(`chapter:${chapter}`);
      for (const category of prepared.keys.categories) keys.add(`category:${category}`);
      if (prepared.nameKey) keys.add(`name:${prepared.nameKey}`);
      for (const key of keys) this.buckets.add(key, prepared, need.maxDistanceKm);
    }
  }

  topNeedsForOffer(offer: OfferForMatching, k: number): ScoredPair[] {
    const prepared = prepareOffer(offer);
    const sources: Source<PreparedNeed>[] = [];
    const add = (key: string, bound: number) => {
      const bucket = this.buckets.get(key);
      if (bucket) sources.push({ bucket, bound });
    };
    if (prepared.nameKey) add(`name:${prepared.nameKey}`, MATERIAL_FACTORS.same_material);
    if (offer.wasteCode) {
      add(`code:${offer.wasteCode}`, MATERIAL_FACTORS.same_code);
      add(`sub:${prepared.sub}`, MATERIAL_FACTORS.same_sub_chapter);
      add(`chapter:${prepared.chapter}`, MATERIAL_FACTORS.same_chapter);
      for (const s of this.substitutionsOf(offer.wasteCode)) {
        if (isCategory(s.accepted)) {
          add(`category:${s.accepted}`, s.factor);
          add(`category:${topCategoryOf(s.accepted)}`, s.factor);
        } else {
          if (isCode(s.accepted)) add(`code:${s.accepted}`, s.factor);
          if (s.accepted.length >= 5) add(`sub:${subChapterOf(s.accepted)}`, s.factor);
          add(`chapter:${chapterOf(s.accepted)}`, s.factor);
        }
      }
    }
    if (offer.category) {
      add(`category:${offer.category}`, MATERIAL_FACTORS.same_category);
      if (topCategoryOf(offer.category) !== offer.category) add(`category:${topCategoryOf(offer.category)}`, MATERIAL_FACTORS.same_category);
    }
    const top = new TopK<PreparedNeed>(k, (n) => n.need.id);
    searchTopK(sources, prepared, (bucket) => bucket.radiusKm, (n, floor) => fastScore(n, prepared, floor), top);
    return top.items.map((c) => scorePair(offer, c.item.need, this.substitutionsOf)!);
  }
}

/** The naive way, for tests and the benchmark: every offer scored against the need by the same fast path. */
export function topOffersForNeedNaive(offers: readonly OfferForMatching[], need: NeedForMatching, k: number, substitutionsOf: SubstitutionsOf, substitutions: readonly Substitution[]): ScoredPair[] {
  const prepared = prepareNeed(need, substitutions);
  const top = new TopK<OfferForMatching>(k, (o) => o.id);
  for (const offer of offers) {
    const s = fastScore(prepared, prepareOffer(offer), 0);
    if (s > 0) top.offer({ item: offer, score: s });
  }
  return top.items.map((c) => scorePair(c.item, need, substitutionsOf)!);
}
