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
  // The first level found keeps its place on a tie. (No inner closure: this runs for every kept pair.)
  let best: MatchExplanation['material'] | null = null;
  if (offer.materialName && need.materialName && normaliseName(offer.materialName) === normaliseName(need.materialName)) {
    best = { factor: MATERIAL_FACTORS.same_material, level: 'same_material', offered: offer.materialName, accepted: need.materialName, reason: null };
  }
  const code = offer.wasteCode;
  const substitutions = code ? substitutionsOf(code) : [];
  for (const accepted of need.accepted) {
    let level: 'same_category' | 'same_code' | 'same_sub_chapter' | 'same_chapter' | null = null;
    let offered = '';
    if (isCategory(accepted)) {
      if (offer.category && categoryWithin(offer.category, accepted)) {
        level = 'same_category';
        offered = offer.category;
      }
    } else if (code) {
      offered = code;
      if (accepted === code) level = 'same_code';
      else if (subChapterOf(accepted) === subChapterOf(code) && accepted.length >= 5) level = 'same_sub_chapter';
      else if (chapterOf(accepted) === chapterOf(code)) level = 'same_chapter';
    }
    if (level !== null && (!best || MATERIAL_FACTORS[level] > best.factor)) best = { factor: MATERIAL_FACTORS[level], level, offered, accepted, reason: null };
    for (const s of substitutions) {
      if (substitutionReaches(s.accepted, accepted) && (!best || s.factor > best.factor)) best = { factor: s.factor, level: 'substitution', offered: s.offered, accepted, reason: s.reason };
    }
  }
  return best;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance (haversine) in kilometres. */
export function haversineKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  return haversine(a.latitude, a.longitude, b.latitude, b.longitude);
}

function haversine(latitudeA: number, longitudeA: number, latitudeB: number, longitudeB: number): number {
  const dLat = (latitudeB - latitudeA) * RAD;
  const dLon = (longitudeB - longitudeA) * RAD;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(latitudeA * RAD) * Math.cos(latitudeB * RAD) * Math.sin(dLon / 2) ** 2;
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
// where a score can be high: offers are bucketed by code, sub-chapter, chapter, category and name, so a
// need reads only the buckets of what it accepts, best material level first, and stops when its k-th
// best score beats the best any remaining bucket could give (the threshold algorithm). In a bucket the
// items are sorted by band of latitude, then longitude: a need reads, band by band, only the slice of
// longitudes its maximum distance can reach (two binary searches per band, no cell to look up). The
// slice is read from columns (typed arrays: place, tonnage, organisation, hazard), so that the pairs
// refused there cost no visit to an object; only the k kept are explained, by `scorePair`, which the
// property test holds equal to the fast path.

/** What a bucket reads of an item, computed once. */
interface Placed {
  readonly id: string;
  /** Its position in the index, where the search marks it as seen. */
  readonly index: number;
  /** The organisation as a small integer, numbered by the index (-1: none of its items'). */
  readonly organisation: number;
  readonly latitude: number | null;
  readonly longitude: number | null;
  readonly located: boolean;
  /** The point on the unit sphere: the chord between two points never exceeds their great-circle distance. */
  readonly ux: number;
  readonly uy: number;
  readonly uz: number;
  readonly tonnes: number;
  /** For a need, the squared chord of its maximum distance (see `chordLimit2`); for an offer, Infinity. */
  readonly chordLimit2: number;
  /** For an offer, whether it is hazardous; for a need, whether its receiver takes hazardous waste. */
  readonly hazard: boolean;
}

// Codes, sub-chapters, chapters, categories and names become small integers once, so that the fast
// path compares numbers instead of strings.
const ids = new Map<string, number>();
const idOf = (key: string | null): number => {
  if (key === null) return -1;
  let id = ids.get(key);
  if (id === undefined) ids.set(key, (id = ids.size));
  return id;
};

/** An offer with the keys the fast path compares. */
interface PreparedOffer extends Placed {
  readonly offer: OfferForMatching;
  readonly nameId: number;
  readonly codeId: number;
  readonly subId: number;
  readonly chapterId: number;
  readonly categoryId: number;
  readonly topCategoryId: number;
}

/** A need reduced to what it accepts at each level, and the best substitution factor per offered code. */
interface PreparedNeed extends Placed {
  readonly need: NeedForMatching;
  readonly maxDistanceKm: number;
  readonly codes: readonly number[];
  readonly subs: readonly number[];
  readonly chapters: readonly number[];
  readonly categories: readonly number[];
  readonly substituteCodes: readonly number[];
  readonly substituteFactors: readonly number[];
  readonly nameId: number;
}

/** The point on the unit sphere of a location (zeros when unknown). */
function unitVector(latitude: number | null, longitude: number | null): [number, number, number] {
  if (latitude === null || longitude === null) return [0, 0, 0];
  const cosLat = Math.cos(latitude * RAD);
  return [cosLat * Math.cos(longitude * RAD), cosLat * Math.sin(longitude * RAD), Math.sin(latitude * RAD)];
}

/**
 * The squared chord, on the unit sphere, of a great-circle distance: a pair whose chord is longer is
 * farther apart. The margin covers rounding, so that the test never refuses what the haversine takes.
 */
function chordLimit2(km: number): number {
  const half = km / (2 * EARTH_RADIUS_KM);
  if (!(half < Math.PI / 2)) return Infinity;
  const chord = 2 * Math.sin(half);
  return chord * chord * (1 + 1e-9) + 1e-15;
}

function prepareOffer(offer: OfferForMatching, index: number, organisation: number): PreparedOffer {
  // Every field written in one literal, in one order: the fast path then reads objects of one shape.
  const [ux, uy, uz] = unitVector(offer.latitude, offer.longitude);
  return {
    id: offer.id,
    index,
    organisation,
    latitude: offer.latitude,
    longitude: offer.longitude,
    located: offer.latitude !== null && offer.longitude !== null,
    ux,
    uy,
    uz,
    tonnes: offer.tonnesPerYear,
    chordLimit2: Infinity,
    hazard: offer.hazardous,
    offer,
    nameId: idOf(offer.materialName ? normaliseName(offer.materialName) : null),
    codeId: idOf(offer.wasteCode),
    subId: offer.wasteCode ? idOf(subChapterOf(offer.wasteCode)) : -1,
    chapterId: offer.wasteCode ? idOf(chapterOf(offer.wasteCode)) : -1,
    categoryId: idOf(offer.category),
    topCategoryId: offer.category ? idOf(topCategoryOf(offer.category)) : -1,
  };
}

/** One accepted entry of a need, worked out once per entry and list of substitution rows. */
interface AcceptedEntry {
  readonly categoryId: number;
  readonly codeId: number;
  readonly subId: number;
  readonly chapterId: number;
  /** The substitution rows reaching the entry: offered code and factor. */
  readonly substituteCodes: readonly number[];
  readonly substituteFactors: readonly number[];
}

const entryCache = new WeakMap<readonly Substitution[], Map<string, AcceptedEntry>>();
function acceptedEntry(accepted: string, substitutions: readonly Substitution[]): AcceptedEntry {
  let cache = entryCache.get(substitutions);
  if (!cache) entryCache.set(substitutions, (cache = new Map()));
  let entry = cache.get(accepted);
  if (!entry) {
    const reaching = substitutions.filter((s) => substitutionReaches(s.accepted, accepted));
    const category = isCategory(accepted);
    entry = {
      categoryId: category ? idOf(accepted) : -1,
      codeId: !category && isCode(accepted) ? idOf(accepted) : -1,
      subId: !category && accepted.length >= 5 ? idOf(subChapterOf(accepted)) : -1,
      chapterId: category ? -1 : idOf(chapterOf(accepted)),
      substituteCodes: reaching.map((s) => idOf(s.offered)),
      substituteFactors: reaching.map((s) => s.factor),
    };
    cache.set(accepted, entry);
  }
  return entry;
}

function pushNew(list: number[], id: number): void {
  if (id >= 0 && !list.includes(id)) list.push(id);
}

function prepareNeed(need: NeedForMatching, substitutions: readonly Substitution[], index: number, organisation: number): PreparedNeed {
  const codes: number[] = [];
  const subs: number[] = [];
  const chapters: number[] = [];
  const categories: number[] = [];
  const substituteCodes: number[] = [];
  const substituteFactors: number[] = [];
  for (const accepted of need.accepted) {
    const entry = acceptedEntry(accepted, substitutions);
    pushNew(categories, entry.categoryId);
    pushNew(codes, entry.codeId);
    pushNew(subs, entry.subId);
    pushNew(chapters, entry.chapterId);
    for (let i = 0; i < entry.substituteCodes.length; i += 1) {
      const at = substituteCodes.indexOf(entry.substituteCodes[i]!);
      if (at < 0) {
        substituteCodes.push(entry.substituteCodes[i]!);
        substituteFactors.push(entry.substituteFactors[i]!);
      } else if (entry.substituteFactors[i]! > substituteFactors[at]!) substituteFactors[at] = entry.substituteFactors[i]!;
    }
  }
  const [ux, uy, uz] = unitVector(need.latitude, need.longitude);
  return {
    id: need.id,
    index,
    organisation,
    latitude: need.latitude,
    longitude: need.longitude,
    located: need.latitude !== null && need.longitude !== null,
    ux,
    uy,
    uz,
    tonnes: need.tonnesPerYear,
    chordLimit2: chordLimit2(need.maxDistanceKm),
    hazard: need.acceptsHazardous,
    need,
    maxDistanceKm: need.maxDistanceKm,
    codes,
    subs,
    chapters,
    categories,
    substituteCodes,
    substituteFactors,
    nameId: idOf(need.materialName ? normaliseName(need.materialName) : null),
  };
}

/** The material factor of `materialCompatibility`, from the prepared numbers of the need and the offer's. */
function materialFactor(n: PreparedNeed, name: number, code: number, sub: number, chapter: number, category: number, topCategory: number): number {
  if (name >= 0 && n.nameId === name) return MATERIAL_FACTORS.same_material;
  let m = 0;
  if (code >= 0) {
    if (n.codes.includes(code)) return MATERIAL_FACTORS.same_code;
    if (n.subs.includes(sub)) m = MATERIAL_FACTORS.same_sub_chapter;
    else if (n.chapters.includes(chapter)) m = MATERIAL_FACTORS.same_chapter;
    const at = n.substituteCodes.length > 0 ? n.substituteCodes.indexOf(code) : -1;
    if (at >= 0 && n.substituteFactors[at]! > m) m = n.substituteFactors[at]!;
  }
  // Categories have two levels: MF3.6 is within MF3 and within itself.
  if (category >= 0 && m < MATERIAL_FACTORS.same_category && (n.categories.includes(category) || n.categories.includes(topCategory))) m = MATERIAL_FACTORS.same_category;
  return m;
}

/**
 * The score of `scorePair` for a pair that passed the tests of `scan` (another organisation, hazard
 * allowed, quantity fit at least `floor`, chord within the maximum distance), computed in the same
 * order so that it is the same number; 0 when refused or when it cannot reach `floor` (a score equal
 * to the floor may still win on its id, so it is kept). The offer's place is given when known.
 */
function admittedScore(n: PreparedNeed, material: number, quantity: number, floor: number, located: boolean, latitude: number, longitude: number): number {
  const bound = material * quantity;
  if (bound < floor || bound < MIN_SCORE) return 0;
  let distance = 0.5;
  if (located && n.located) {
    const km = haversine(latitude, longitude, n.latitude!, n.longitude!);
    if (km > n.maxDistanceKm) return 0;
    distance = 1 - km / (2 * n.maxDistanceKm);
  }
  const score = bound * distance;
  return score < MIN_SCORE ? 0 : score;
}

/** First index in [lo, hi) whose value is at least `value`. */
function lowerBound(values: Float64Array, lo: number, hi: number, value: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// What a scan reads of an item, one record of 16 numbers (two cache lines) per item, in the bucket's
// order: a slice of a band is read from contiguous memory, and an offer is scored without visiting its
// object (memory latency, not arithmetic, is what a search spends its time on). The material numbers
// are an offer's; a need's are -1.
const UX = 0;
const UY = 1;
const UZ = 2;
const TONNES = 3;
const CHORD = 4;
const ORGANISATION = 5;
const HAZARD = 6;
const INDEX = 7;
const LATITUDE = 8;
const LONGITUDE = 9;
const NAME = 10;
const CODE = 11;
const SUB = 12;
const CHAPTER = 13;
const CATEGORY = 14;
const TOP_CATEGORY = 15;
const STRIDE = 16;

/**
 * A bucket's items: the located ones sorted by band of latitude then longitude, then the unlocated ones;
 * their records; their longitudes; and where each band starts. The height of the bands suits the
 * bucket's density: a search pays two binary searches per band it crosses and a few arithmetic
 * operations per item of the slices it reads, so sparse buckets get tall bands and dense ones thin
 * bands (measured: about √(10 / items per square degree)).
 */
class SpatialBucket<T extends Placed> {
  private pending: T[] = [];
  items: T[] = [];
  located = 0;
  records = new Float64Array(0);
  longitudes = new Float64Array(0);
  bandDegrees = 1;
  /** `bandStarts[b - firstBand]` is the first item of band b; one more entry ends the last band. */
  bandStarts = new Int32Array(1);
  firstBand = 0;
  /** The largest search radius of the items (needs carry their own maximum distance). */
  radiusKm = 0;

  add(item: T, radiusKm = 0): void {
    if (radiusKm > this.radiusKm) this.radiusKm = radiusKm;
    this.pending.push(item);
  }

  bandOf(latitude: number): number {
    return Math.floor(latitude / this.bandDegrees);
  }

  /** Lays out what was added since it last ran. */
  settle(): void {
    if (this.pending.length === 0) return;
    const all = [...this.items, ...this.pending];
    this.pending = [];
    const n = all.length;
    let located = 0;
    let south = Infinity;
    let north = -Infinity;
    let west = Infinity;
    let east = -Infinity;
    for (const item of all) {
      if (!item.located) continue;
      located += 1;
      south = Math.min(south, item.latitude!);
      north = Math.max(north, item.latitude!);
      west = Math.min(west, item.longitude!);
      east = Math.max(east, item.longitude!);
    }
    this.located = located;
    if (located > 0) this.bandDegrees = Math.min(10, Math.max(0.05, Math.sqrt((10 * Math.max(0.01, north - south) * Math.max(0.01, east - west)) / located)));
    // Sort by band, then longitude; the unlocated last.
    const bands = new Float64Array(n);
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i += 1) {
      const item = all[i]!;
      bands[i] = item.located ? this.bandOf(item.latitude!) : Infinity;
      keys[i] = item.located ? bands[i]! * 1000 + (item.longitude! + 180) : Infinity;
    }
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i += 1) order[i] = i;
    order.sort((a, b) => keys[a]! - keys[b]! || a - b);
    this.items = new Array<T>(n);
    this.records = new Float64Array(n * STRIDE);
    this.longitudes = new Float64Array(n);
    for (let j = 0; j < n; j += 1) {
      const item = all[order[j]!]!;
      this.items[j] = item;
      const r = j * STRIDE;
      this.records[r + UX] = item.ux;
      this.records[r + UY] = item.uy;
      this.records[r + UZ] = item.uz;
      this.records[r + TONNES] = item.tonnes;
      this.records[r + CHORD] = item.chordLimit2;
      this.records[r + ORGANISATION] = item.organisation;
      this.records[r + HAZARD] = item.hazard ? 1 : 0;
      this.records[r + INDEX] = item.index;
      this.records[r + LATITUDE] = item.latitude ?? 0;
      this.records[r + LONGITUDE] = item.longitude ?? 0;
      const offer = 'offer' in item ? (item as unknown as PreparedOffer) : null;
      this.records[r + NAME] = offer ? offer.nameId : -1;
      this.records[r + CODE] = offer ? offer.codeId : -1;
      this.records[r + SUB] = offer ? offer.subId : -1;
      this.records[r + CHAPTER] = offer ? offer.chapterId : -1;
      this.records[r + CATEGORY] = offer ? offer.categoryId : -1;
      this.records[r + TOP_CATEGORY] = offer ? offer.topCategoryId : -1;
      this.longitudes[j] = item.longitude ?? 0;
    }
    const first = located > 0 ? bands[order[0]!]! : 0;
    const last = located > 0 ? bands[order[located - 1]!]! : -1;
    this.firstBand = first;
    this.bandStarts = new Int32Array(last - first + 2);
    let j = 0;
    for (let band = first; band <= last + 1; band += 1) {
      while (j < located && bands[order[j]!]! < band) j += 1;
      this.bandStarts[band - first] = j;
    }
  }
}

class Buckets<T extends Placed> {
  private readonly map = new Map<number, SpatialBucket<T>>();
  add(id: number, item: T, radiusKm = 0): void {
    if (id < 0) return;
    let bucket = this.map.get(id);
    if (!bucket) this.map.set(id, (bucket = new SpatialBucket<T>()));
    bucket.add(item, radiusKm);
  }
  get(id: number): SpatialBucket<T> | undefined {
    return id < 0 ? undefined : this.map.get(id);
  }
  settle(): void {
    for (const bucket of this.map.values()) bucket.settle();
  }
}

const better = (score: number, id: string, thanScore: number, thanId: string) => score > thanScore || (score === thanScore && id < thanId);

/** The k best so far, best first (ties by id, for one answer whatever the order of search), in parallel arrays. */
class TopK<T extends Placed> {
  readonly items: T[] = [];
  readonly scores: number[] = [];
  /** The score to reach to enter: the k-th best once there are k, else 0. */
  floor = 0;
  constructor(private readonly k: number) {}
  offer(item: T, score: number): void {
    const n = this.items.length;
    const full = n >= this.k;
    if (full && !better(score, item.id, this.scores[n - 1]!, this.items[n - 1]!.id)) return;
    let i = full ? n - 1 : n;
    while (i > 0 && better(score, item.id, this.scores[i - 1]!, this.items[i - 1]!.id)) {
      this.items[i] = this.items[i - 1]!;
      this.scores[i] = this.scores[i - 1]!;
      i -= 1;
    }
    this.items[i] = item;
    this.scores[i] = score;
    if (this.items.length >= this.k) this.floor = this.scores[this.k - 1]!;
  }
}

/** The buckets one search reads and the best material factor each can give, reused from search to search. */
class Sources<T extends Placed> {
  buckets: SpatialBucket<T>[] = [];
  bounds: number[] = [];
  length = 0;
  reset(): this {
    this.length = 0;
    return this;
  }
  add(bucket: SpatialBucket<T> | undefined, bound: number): void {
    if (!bucket) return;
    // Insertion by bound, highest first: a handful of buckets.
    let i = this.length;
    while (i > 0 && this.bounds[i - 1]! < bound) {
      this.buckets[i] = this.buckets[i - 1]!;
      this.bounds[i] = this.bounds[i - 1]!;
      i -= 1;
    }
    this.buckets[i] = bucket;
    this.bounds[i] = bound;
    this.length += 1;
  }
}

/** One search: the fixed side (a need looking for offers, or an offer for needs) and the marks of what it saw. */
interface Search<T extends Placed> {
  readonly need: PreparedNeed | null;
  readonly offer: PreparedOffer | null;
  readonly from: Placed;
  readonly top: TopK<T>;
  readonly seen: Int32Array;
  readonly stamp: number;
}

/**
 * Reads the sources, best first, around the fixed side: items within `radiusKm` of it (or, for a source
 * of needs, within each bucket's widest radius) and the unlocated ones.
 */
function search<T extends Placed>(sources: Sources<T>, radiusKm: number | null, run: Search<T>): void {
  const { from, top } = run;
  for (let s = 0; s < sources.length; s += 1) {
    const bound = sources.bounds[s]!;
    // Quantity and distance factors are at most 1: nothing left can beat the k-th best found.
    if (top.floor > bound) break;
    const bucket = sources.buckets[s]!;
    bucket.settle();
    // An unknown location halves the score.
    if (top.floor <= bound * 0.5) scan(bucket, bucket.located, bucket.items.length, bound, run);
    if (!from.located) {
      scan(bucket, 0, bucket.located, bound, run);
      continue;
    }
    const km = radiusKm ?? bucket.radiusKm;
    // The box of a spherical cap: latitudes within δ, longitudes within asin(sin δ / cos φ) unless it
    // holds a pole; a margin for rounding.
    const delta = km / EARTH_RADIUS_KM;
    const dLat = (delta / RAD) * 1.001 + 1e-9;
    const latitude = from.latitude!;
    const longitude = from.longitude!;
    let dLon = 360;
    if (Math.abs(latitude) + dLat < 90) {
      const ratio = Math.sin(Math.min(delta, Math.PI / 2)) / Math.cos(latitude * RAD);
      if (ratio < 1) dLon = (Math.asin(ratio) / RAD) * 1.001 + 1e-9;
    }
    const wraps = longitude - dLon < -180 || longitude + dLon > 180;
    const offset = bucket.firstBand;
    const starts = bucket.bandStarts;
    const first = Math.max(bucket.bandOf(latitude - dLat) - offset, 0);
    const last = Math.min(bucket.bandOf(latitude + dLat) - offset, starts.length - 2);
    for (let b = first; b <= last; b += 1) {
      let lo = starts[b]!;
      let hi = starts[b + 1]!;
      if (lo === hi) continue;
      if (!wraps) {
        lo = lowerBound(bucket.longitudes, lo, hi, longitude - dLon);
        hi = lowerBound(bucket.longitudes, lo, hi, longitude + dLon);
      }
      scan(bucket, lo, hi, bound, run);
    }
  }
}

/**
 * Scores the items `from` to `to` of a bucket against the fixed side. The hard rules and the bounds that
 * need no object (organisation, hazard, quantity fit, chord) are read from the records; what passes is
 * marked as seen (an item sits in several buckets) and scored. `bound` is the best material factor of
 * the bucket: an item that could do better sits in a bucket read before, where it was scored or refused
 * for good (every refusal here holds for the rest of the search, the floor only rising).
 */
function scan<T extends Placed>(bucket: SpatialBucket<T>, from: number, to: number, bound: number, run: Search<T>): void {
  const fixed = run.from;
  const need = run.need;
  const offer = run.offer;
  const top = run.top;
  const fixedHazard = fixed.hazard;
  const fixedTonnes = fixed.tonnes;
  const located = fixed.located;
  const records = bucket.records;
  for (let j = from; j < to; j += 1) {
    const r = j * STRIDE;
    if (records[r + ORGANISATION] === fixed.organisation) continue;
    // Hazardous waste only to receivers allowed to take it.
    if (need ? records[r + HAZARD] === 1 && !fixedHazard : fixedHazard && records[r + HAZARD] === 0) continue;
    const t = records[r + TONNES]!;
    const big = t > fixedTonnes ? t : fixedTonnes;
    if (!(big > 0)) continue;
    const quantity = (t < fixedTonnes ? t : fixedTonnes) / big;
    const floor = top.floor;
    const best = quantity * bound;
    if (best < floor || best < MIN_SCORE) continue;
    if (located && j < bucket.located) {
      const dx = records[r + UX]! - fixed.ux;
      const dy = records[r + UY]! - fixed.uy;
      const dz = records[r + UZ]! - fixed.uz;
      if (dx * dx + dy * dy + dz * dz > (need ? need.chordLimit2 : records[r + CHORD]!)) continue;
    }
    const at = records[r + INDEX]!;
    if (run.seen[at] === run.stamp) continue;
    run.seen[at] = run.stamp;
    let s: number;
    if (need) {
      const material = materialFactor(need, records[r + NAME]!, records[r + CODE]!, records[r + SUB]!, records[r + CHAPTER]!, records[r + CATEGORY]!, records[r + TOP_CATEGORY]!);
      s = admittedScore(need, material, quantity, floor, j < bucket.located, records[r + LATITUDE]!, records[r + LONGITUDE]!);
    } else {
      const o = offer!;
      const n = bucket.items[j] as unknown as PreparedNeed;
      s = admittedScore(n, materialFactor(n, o.nameId, o.codeId, o.subId, o.chapterId, o.categoryId, o.topCategoryId), quantity, floor, o.located, o.latitude ?? 0, o.longitude ?? 0);
    }
    if (s > 0) top.offer(bucket.items[j]!, s);
  }
}

/** The number of an organisation in an index, given on first sight. */
function numbered(organisations: Map<string, number>, id: string): number {
  let n = organisations.get(id);
  if (n === undefined) organisations.set(id, (n = organisations.size));
  return n;
}

const offerSources = new Sources<PreparedOffer>();
const needSources = new Sources<PreparedNeed>();

/** Offers bucketed by code, sub-chapter, chapter, category and name, each bucket sorted by place. */
export class OfferIndex {
  private readonly byName = new Buckets<PreparedOffer>();
  private readonly byCode = new Buckets<PreparedOffer>();
  private readonly bySub = new Buckets<PreparedOffer>();
  private readonly byChapter = new Buckets<PreparedOffer>();
  private readonly byCategory = new Buckets<PreparedOffer>();
  private readonly organisations = new Map<string, number>();
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(
    offers: Iterable<OfferForMatching>,
    private readonly substitutionsOf: SubstitutionsOf,
    private readonly substitutions: readonly Substitution[],
  ) {
    let count = 0;
    for (const offer of offers) {
      const o = prepareOffer(offer, count, numbered(this.organisations, offer.organisationId));
      count += 1;
      this.byName.add(o.nameId, o);
      this.byCode.add(o.codeId, o);
      this.bySub.add(o.subId, o);
      this.byChapter.add(o.chapterId, o);
      this.byCategory.add(o.categoryId, o);
      if (o.topCategoryId !== o.categoryId) this.byCategory.add(o.topCategoryId, o);
    }
    this.seen = new Int32Array(count);
    for (const buckets of [this.byName, this.byCode, this.bySub, this.byChapter, this.byCategory]) buckets.settle();
  }

  topOffersForNeed(need: NeedForMatching, k: number): ScoredPair[] {
    const n = prepareNeed(need, this.substitutions, -1, this.organisations.get(need.organisationId) ?? -1);
    const sources = offerSources.reset();
    sources.add(this.byName.get(n.nameId), MATERIAL_FACTORS.same_material);
    for (const id of n.codes) sources.add(this.byCode.get(id), MATERIAL_FACTORS.same_code);
    for (const id of n.subs) sources.add(this.bySub.get(id), MATERIAL_FACTORS.same_sub_chapter);
    for (const id of n.categories) sources.add(this.byCategory.get(id), MATERIAL_FACTORS.same_category);
    for (const id of n.chapters) sources.add(this.byChapter.get(id), MATERIAL_FACTORS.same_chapter);
    for (let i = 0; i < n.substituteCodes.length; i += 1) sources.add(this.byCode.get(n.substituteCodes[i]!), n.substituteFactors[i]!);
    const top = new TopK<PreparedOffer>(k);
    search(sources, need.maxDistanceKm, { need: n, offer: null, from: n, top, seen: this.seen, stamp: (this.stamp += 1) });
    return top.items.map((o) => scorePair(o.offer, need, this.substitutionsOf)!);
  }
}

/** Needs bucketed by what they accept, each bucket sorted by place and knowing its widest radius. */
export class NeedIndex {
  private readonly byName = new Buckets<PreparedNeed>();
  private readonly byCode = new Buckets<PreparedNeed>();
  private readonly bySub = new Buckets<PreparedNeed>();
  private readonly byChapter = new Buckets<PreparedNeed>();
  private readonly byCategory = new Buckets<PreparedNeed>();
  private readonly organisations = new Map<string, number>();
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(
    needs: Iterable<NeedForMatching>,
    private readonly substitutionsOf: SubstitutionsOf,
    substitutions: readonly Substitution[],
  ) {
    let count = 0;
    for (const need of needs) {
      const n = prepareNeed(need, substitutions, count, numbered(this.organisations, need.organisationId));
      count += 1;
      const km = need.maxDistanceKm;
      this.byName.add(n.nameId, n, km);
      for (const id of n.codes) this.byCode.add(id, n, km);
      for (const id of n.subs) this.bySub.add(id, n, km);
      for (const id of n.chapters) this.byChapter.add(id, n, km);
      for (const id of n.categories) this.byCategory.add(id, n, km);
    }
    this.seen = new Int32Array(count);
    for (const buckets of [this.byName, this.byCode, this.bySub, this.byChapter, this.byCategory]) buckets.settle();
  }

  topNeedsForOffer(offer: OfferForMatching, k: number): ScoredPair[] {
    const o = prepareOffer(offer, -1, this.organisations.get(offer.organisationId) ?? -1);
    const sources = needSources.reset();
    sources.add(this.byName.get(o.nameId), MATERIAL_FACTORS.same_material);
    sources.add(this.byCode.get(o.codeId), MATERIAL_FACTORS.same_code);
    sources.add(this.bySub.get(o.subId), MATERIAL_FACTORS.same_sub_chapter);
    sources.add(this.byChapter.get(o.chapterId), MATERIAL_FACTORS.same_chapter);
    if (offer.wasteCode) {
      for (const s of this.substitutionsOf(offer.wasteCode)) {
        if (isCategory(s.accepted)) {
          sources.add(this.byCategory.get(idOf(s.accepted)), s.factor);
          sources.add(this.byCategory.get(idOf(topCategoryOf(s.accepted))), s.factor);
        } else {
          if (isCode(s.accepted)) sources.add(this.byCode.get(idOf(s.accepted)), s.factor);
          if (s.accepted.length >= 5) sources.add(this.bySub.get(idOf(subChapterOf(s.accepted))), s.factor);
          sources.add(this.byChapter.get(idOf(chapterOf(s.accepted))), s.factor);
        }
      }
    }
    sources.add(this.byCategory.get(o.categoryId), MATERIAL_FACTORS.same_category);
    if (o.topCategoryId !== o.categoryId) sources.add(this.byCategory.get(o.topCategoryId), MATERIAL_FACTORS.same_category);
    const top = new TopK<PreparedNeed>(k);
    search(sources, null, { need: null, offer: o, from: o, top, seen: this.seen, stamp: (this.stamp += 1) });
    return top.items.map((n) => scorePair(offer, n.need, this.substitutionsOf)!);
  }
}

/** All the offers of a list in one bucket, laid out once per list (which must not change afterwards). */
const naiveBuckets = new WeakMap<readonly OfferForMatching[], { bucket: SpatialBucket<PreparedOffer>; organisations: Map<string, number>; seen: Int32Array; stamp: number }>();

/**
 * The naive way, for tests and the benchmark: every offer of the list read against the need by the same
 * `scan` (hard rules, then the score), keeping a running top k — no bucket by material, no place.
 */
export function topOffersForNeedNaive(offers: readonly OfferForMatching[], need: NeedForMatching, k: number, substitutionsOf: SubstitutionsOf, substitutions: readonly Substitution[]): ScoredPair[] {
  let all = naiveBuckets.get(offers);
  if (!all) {
    const bucket = new SpatialBucket<PreparedOffer>();
    const organisations = new Map<string, number>();
    offers.forEach((offer, i) => bucket.add(prepareOffer(offer, i, numbered(organisations, offer.organisationId))));
    bucket.settle();
    naiveBuckets.set(offers, (all = { bucket, organisations, seen: new Int32Array(offers.length), stamp: 0 }));
  }
  const n = prepareNeed(need, substitutions, -1, all.organisations.get(need.organisationId) ?? -1);
  const top = new TopK<PreparedOffer>(k);
  scan(all.bucket, 0, all.bucket.items.length, 1, { need: n, offer: null, from: n, top, seen: all.seen, stamp: (all.stamp += 1) });
  return top.items.map((o) => scorePair(o.offer, need, substitutionsOf)!);
}
