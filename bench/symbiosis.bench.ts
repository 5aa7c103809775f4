/**
 * Symbiosis matchmaking: 50,000 offers against 50,000 needs, the 5 best offers of every need, through
 * the index (buckets by code, sub-chapter, chapter and category, each sorted by band of latitude and
 * longitude; threshold search), next to the naive all-pairs comparison in the same run. The naive one
 * reads all 2.5 billion pairs (hard rules, then the score, keeping a running top 5, through the same
 * numeric code as the index), so it runs on a subset of the needs against all the offers and is
 * extrapolated (said so in the output); both give the same top 5 on the subset, which the run checks.
 *
 * Pure computation, in memory: no database. The service (`recomputeAll`, `refresh`) builds the same
 * indexes from the territory's open offers and needs read from the database, and writes the suggested
 * matches back; neither the read nor the write is timed here.
 *
 * The data: offers and needs spread over mainland France (a national deployment), codes drawn from the
 * 842 entries of the list of waste; 60 % of needs accept two codes, 25 % a sub-chapter, 15 % an
 * EW-MFA category; maximum distances from 10 to 60 km; 30 % of receivers take hazardous waste.
 */
import os from 'node:os';
import { NeedIndex, OfferIndex, topOffersForNeedNaive, type NeedForMatching, type OfferForMatching } from '../src/modules/metabolism/matching-model.js';
import { metabolismReference as reference } from '../src/modules/metabolism/reference.js';
import { formatCount, formatRatio, formatSeconds, printTable } from './harness.js';

const OFFERS = 50_000;
const NEEDS = 50_000;
const K = 5;
const NAIVE_SUBSET = 1_000;

let seed = 21;
const random = () => (seed = (seed * 16_807) % 2_147_483_647) / 2_147_483_647;
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
const entries = reference.wasteCodes().filter((c) => c.level === 3);
const subChapters = reference.wasteCodes().filter((c) => c.level === 2);
const categories = reference.categories().map((c) => c.code);
const substitutions = entries.flatMap((e) => reference.substitutionsOf(e.code));
const place = () => ({ latitude: 42.5 + random() * 8.5, longitude: -4.5 + random() * 12.5 });

const offers: OfferForMatching[] = Array.from({ length: OFFERS }, (_, i) => {
  const entry = pick(entries);
  return { id: `o${i}`, organisationId: `offerer-${i}`, wasteCode: entry.code, category: reference.categoryOfWaste(entry.code), materialName: null, tonnesPerYear: 10 + random() * 5000, hazardous: entry.hazardous, ...place() };
});
const needs: NeedForMatching[] = Array.from({ length: NEEDS }, (_, i) => {
  const r = random();
  const accepted = r < 0.6 ? [pick(entries).code, pick(entries).code] : r < 0.85 ? [pick(subChapters).code] : [pick(categories)];
  return { id: `n${i}`, organisationId: `receiver-${i}`, accepted, materialName: null, tonnesPerYear: 10 + random() * 5000, maxDistanceKm: 10 + random() * 50, acceptsHazardous: random() < 0.3, ...place() };
});

/** Wall and CPU milliseconds of `work`. */
function measure<T>(work: () => T): { wall: number; cpu: number; result: T } {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const result = work();
  const wall = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1000, result };
}

console.log(`Matching ${formatCount(OFFERS)} offers against ${formatCount(NEEDS)} needs, top ${K} per need.`);
const build = measure(() => new OfferIndex(offers, reference.substitutionsOf, substitutions));
const index = build.result;
// The first search also sorts each bucket's cells by tonnage (lazily): part of the measured time.
const indexed = measure(() => needs.map((n) => index.topOffersForNeed(n, K)));
const found = indexed.result.reduce((s, r) => s + r.length, 0);

const naive = measure(() => needs.slice(0, NAIVE_SUBSET).map((n) => topOffersForNeedNaive(offers, n, K, reference.substitutionsOf, substitutions)));
const same = naive.result.every((expected, i) => JSON.stringify(expected.map((p) => [p.offerId, p.score])) === JSON.stringify(indexed.result[i]!.map((p) => [p.offerId, p.score])));
const naiveAllWall = (naive.wall * NEEDS) / NAIVE_SUBSET;
const naiveAllCpu = (naive.cpu * NEEDS) / NAIVE_SUBSET;

// What the service does when one offer changes: score that offer's pairs only.
const needIndex = measure(() => new NeedIndex(needs, reference.substitutionsOf, substitutions));
const oneOffer = measure(() => {
  for (let i = 0; i < 100; i += 1) needIndex.result.topNeedsForOffer(offers[i]!, Number.MAX_SAFE_INTEGER);
});

printTable(
  ['step', 'wall', 'CPU'],
  [
    ['build the offer index', formatSeconds(build.wall), formatSeconds(build.cpu)],
    [`top ${K} for all ${formatCount(NEEDS)} needs (indexed)`, formatSeconds(indexed.wall), formatSeconds(indexed.cpu)],
    ['  index and search together', formatSeconds(build.wall + indexed.wall), formatSeconds(build.cpu + indexed.cpu)],
    [`naive all pairs, ${formatCount(NAIVE_SUBSET)} needs × ${formatCount(OFFERS)} offers (measured)`, formatSeconds(naive.wall), formatSeconds(naive.cpu)],
    [`naive all pairs, all ${formatCount(NEEDS)} needs (extrapolated ×${NEEDS / NAIVE_SUBSET})`, formatSeconds(naiveAllWall), formatSeconds(naiveAllCpu)],
    ['build the need index', formatSeconds(needIndex.wall), formatSeconds(needIndex.cpu)],
    ['rescore one changed offer (mean of 100)', formatSeconds(oneOffer.wall / 100), formatSeconds(oneOffer.cpu / 100)],
  ],
);
console.log(`\n  ${formatCount(found)} suggestions; same top ${K} as the naive comparison on the subset: ${same ? 'yes' : 'NO'}`);
console.log(`  indexed vs naive (extrapolated): ${formatRatio(naiveAllWall / indexed.wall)} faster by wall time, ${formatRatio(naiveAllCpu / indexed.cpu)} by CPU time`);
const total = build.wall + indexed.wall;
console.log(`  target: all needs matched in ≤ 2 s, building the index included — ${total <= 2000 ? 'met' : 'NOT met'} (${formatSeconds(total)} wall on this machine, load average ${os.loadavg()[0]!.toFixed(1)})`);
if (!same) process.exitCode = 1;
