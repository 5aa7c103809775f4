import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { haversineKm, NeedIndex, OfferIndex, scorePair, topOffersForNeedNaive, type NeedForMatching, type OfferForMatching } from './matching-model.js';
import { metabolismReference as reference } from './reference.js';

const substitutionsOf = reference.substitutionsOf;
const allSubstitutions = reference.wasteCodes().flatMap((c) => reference.substitutionsOf(c.code));

const offer = (over: Partial<OfferForMatching> = {}): OfferForMatching => ({
  id: 'o1', organisationId: 'plant', wasteCode: '10 01 05', category: 'MF3.6', materialName: null, tonnesPerYear: 8000, hazardous: false, latitude: 49.9, longitude: 2.3, ...over,
});
const need = (over: Partial<NeedForMatching> = {}): NeedForMatching => ({
  id: 'n1', organisationId: 'plasterboard', accepted: ['17 08 02', 'MF3.6'], materialName: null, tonnesPerYear: 10_000, maxDistanceKm: 30, acceptsHazardous: false, latitude: 50.0, longitude: 2.3, ...over,
});

describe('symbiosis matching score', () => {
  it('multiplies material, quantity and distance factors and explains each (hand-computed)', () => {
    const pair = scorePair(offer(), need(), substitutionsOf)!;
    const km = 6371.0088 * 0.1 * (Math.PI / 180);
    expect(pair.distanceKm).toBeCloseTo(km, 6);
    expect(pair.explanation.material).toMatchObject({ level: 'substitution', factor: 0.8, offered: '10 01 05', accepted: '17 08 02' });
    expect(pair.explanation.quantity).toEqual({ factor: 0.8, offeredTonnes: 8000, neededTonnes: 10_000 });
    expect(pair.explanation.distance.factor).toBeCloseTo(1 - km / 60, 9);
    expect(pair.score).toBeCloseTo(0.8 * 0.8 * (1 - km / 60), 9);
  });

  it('ranks the same code above the same sub-chapter above the same chapter', () => {
    const level = (accepted: string) => scorePair(offer({ wasteCode: '17 05 04', category: 'MF3.10' }), need({ accepted: [accepted] }), substitutionsOf)?.explanation.material;
    expect(level('17 05 04')).toMatchObject({ level: 'same_code', factor: 1 });
    expect(level('17 05 06')).toMatchObject({ level: 'same_sub_chapter', factor: 0.7 });
    expect(level('17 05')).toMatchObject({ level: 'same_sub_chapter', factor: 0.7 });
    expect(level('17 01 01')).toMatchObject({ level: 'same_chapter', factor: 0.4 });
    expect(level('17')).toMatchObject({ level: 'same_chapter', factor: 0.4 });
    expect(level('02 01 03')).toBeUndefined();
  });

  it('gives hazardous waste only to receivers allowed to take it', () => {
    const asbestos = offer({ wasteCode: '17 06 05', category: 'MF3', hazardous: true });
    expect(scorePair(asbestos, need({ accepted: ['17 06'] }), substitutionsOf)).toBeNull();
    expect(scorePair(asbestos, need({ accepted: ['17 06'], acceptsHazardous: true }), substitutionsOf)?.explanation.hazard).toEqual({ hazardous: true, receiverAccepts: true });
  });

  it('refuses pairs beyond the need’s maximum distance and within one organisation', () => {
    expect(scorePair(offer(), need({ maxDistanceKm: 10 }), substitutionsOf)).toBeNull();
    expect(scorePair(offer(), need({ maxDistanceKm: 12 }), substitutionsOf)).not.toBeNull();
    expect(scorePair(offer({ organisationId: 'same' }), need({ organisationId: 'same' }), substitutionsOf)).toBeNull();
  });

  it('halves the score when a location is unknown, and says so', () => {
    const pair = scorePair(offer({ latitude: null, longitude: null }), need(), substitutionsOf)!;
    expect(pair.explanation.distance).toEqual({ factor: 0.5, km: null, maxKm: 30 });
  });

  it('matches named materials by name and by category', () => {
    const steam = offer({ wasteCode: null, category: 'MF4', materialName: 'Vapeur basse pression' });
    expect(scorePair(steam, need({ accepted: [], materialName: 'vapeur  basse pression' }), substitutionsOf)?.explanation.material.level).toBe('same_material');
    expect(scorePair(steam, need({ accepted: ['MF4'] }), substitutionsOf)?.explanation.material).toMatchObject({ level: 'same_category', factor: 0.5 });
  });

  it('computes haversine distances (Amiens – Paris is about 115 km)', () => {
    expect(haversineKm({ latitude: 49.894, longitude: 2.296 }, { latitude: 48.8566, longitude: 2.3522 })).toBeGreaterThan(114);
    expect(haversineKm({ latitude: 49.894, longitude: 2.296 }, { latitude: 48.8566, longitude: 2.3522 })).toBeLessThan(117);
  });
});

describe('symbiosis index', () => {
  const codes = ['10 01 05', '17 08 02', '17 08 01', '17 05 04', '17 01 01', '02 01 03', '20 02 01', '20 01 08', '15 01 01', '17 06 05'];
  const accepted = [...codes, '17 08', '17 05', '17', '02', 'MF3', 'MF3.6', 'MF1'];
  const place = { latitude: fc.double({ min: 49.5, max: 50.3, noNaN: true }), longitude: fc.double({ min: 1.8, max: 2.8, noNaN: true }) };
  const offers = fc.array(
    fc.record({ code: fc.constantFrom(...codes), tonnes: fc.double({ min: 1, max: 5000, noNaN: true }), org: fc.integer({ min: 0, max: 8 }), located: fc.boolean(), ...place }),
    { maxLength: 40 },
  );
  const needs = fc.array(
    fc.record({
      accepted: fc.uniqueArray(fc.constantFrom(...accepted), { minLength: 1, maxLength: 3 }),
      tonnes: fc.double({ min: 1, max: 5000, noNaN: true }),
      km: fc.double({ min: 2, max: 80, noNaN: true }),
      hazardous: fc.boolean(),
      org: fc.integer({ min: 0, max: 8 }),
      located: fc.boolean(),
      ...place,
    }),
    { maxLength: 30 },
  );
  it('finds exactly the top k of the all-pairs comparison, both ways (property)', () => {
    fc.assert(
      fc.property(offers, needs, fc.integer({ min: 1, max: 6 }), (rawOffers, rawNeeds, k) => {
        const offerList: OfferForMatching[] = rawOffers.map((o, i) => {
          const entry = reference.wasteCode(o.code)!;
          return { id: `o${i}`, organisationId: `org${o.org}`, wasteCode: o.code, category: reference.categoryOfWaste(o.code), materialName: null, tonnesPerYear: o.tonnes, hazardous: entry.hazardous, latitude: o.located ? o.latitude : null, longitude: o.located ? o.longitude : null };
        });
        const needList: NeedForMatching[] = rawNeeds.map((n, i) => ({
          id: `n${i}`, organisationId: `org${n.org}`, accepted: n.accepted, materialName: null, tonnesPerYear: n.tonnes, maxDistanceKm: n.km, acceptsHazardous: n.hazardous, latitude: n.located ? n.latitude : null, longitude: n.located ? n.longitude : null,
        }));
        const byScore = (a: { score: number }, b: { score: number }) => b.score - a.score;
        const offerIndex = new OfferIndex(offerList, substitutionsOf, allSubstitutions);
        for (const n of needList) {
          const all = offerList.map((o) => scorePair(o, n, substitutionsOf)).filter((p) => p !== null).sort((a, b) => byScore(a, b) || a.offerId.localeCompare(b.offerId));
          const expected = all.slice(0, k).map((p) => [p.offerId, p.score]);
          expect(offerIndex.topOffersForNeed(n, k).map((p) => [p.offerId, p.score])).toEqual(expected);
          expect(topOffersForNeedNaive(offerList, n, k, substitutionsOf, allSubstitutions).map((p) => [p.offerId, p.score])).toEqual(expected);
        }
        const needIndex = new NeedIndex(needList, substitutionsOf, allSubstitutions);
        for (const o of offerList) {
          const all = needList.map((n) => scorePair(o, n, substitutionsOf)).filter((p) => p !== null).sort((a, b) => byScore(a, b) || a.needId.localeCompare(b.needId));
          expect(needIndex.topNeedsForOffer(o, k).map((p) => [p.needId, p.score])).toEqual(all.slice(0, k).map((p) => [p.needId, p.score]));
        }
      }),
      { numRuns: 150 },
    );
  });

  // The index reads bands of latitude and slices of longitude: places anywhere on Earth (across the
  // antimeridian, near a pole), distances up to the 1,000 km allowed, named materials, categories and
  // ties (copies of an offer under another organisation) must change nothing.
  it('finds the same top k as the all-pairs comparison anywhere on Earth, with names, categories and ties (property)', () => {
    const centres = [
      { latitude: 49.9, longitude: 2.3 },
      { latitude: -33.9, longitude: 179.8 },
      { latitude: 84.5, longitude: -40 },
      { latitude: 0.2, longitude: -0.1 },
    ];
    // Doubles from fast-check crowd near zero; thousandths of a degree spread evenly over ±3°.
    const degrees = fc.integer({ min: -3000, max: 3000 }).map((d) => d / 1000);
    const near = fc.record({ centre: fc.constantFrom(...centres), dy: degrees, dx: degrees, located: fc.integer({ min: 0, max: 5 }) });
    const spot = (p: { centre: { latitude: number; longitude: number }; dy: number; dx: number; located: number }) => {
      if (p.located === 0) return { latitude: null, longitude: null };
      const longitude = p.centre.longitude + p.dx;
      return { latitude: Math.max(-90, Math.min(90, p.centre.latitude + p.dy)), longitude: longitude > 180 ? longitude - 360 : longitude < -180 ? longitude + 360 : longitude };
    };
    const codes = ['10 01 05', '17 08 02', '17 05 04', '02 01 03', '20 02 01', '17 06 05', '16 01 03'];
    const names = ['Vapeur basse pression', 'vapeur  basse pression', 'Chaleur fatale'];
    const material = fc.oneof(
      fc.record({ code: fc.constantFrom(...codes), name: fc.constant(null), category: fc.constant(null) }),
      fc.record({ code: fc.constant(null), name: fc.constantFrom(...names), category: fc.constantFrom('MF4', 'MF3.6', 'MF1.3') }),
    );
    const offers = fc.array(fc.record({ material, tonnes: fc.double({ min: 1, max: 5000, noNaN: true }), org: fc.integer({ min: 0, max: 5 }), place: near, copies: fc.integer({ min: 0, max: 2 }) }), { maxLength: 30 });
    const needs = fc.array(
      fc.record({
        accepted: fc.uniqueArray(fc.constantFrom(...codes, '17 08', '17', '02', 'MF3', 'MF3.6', 'MF4', 'MF1'), { maxLength: 3 }),
        name: fc.option(fc.constantFrom(...names)),
        tonnes: fc.double({ min: 1, max: 5000, noNaN: true }),
        km: fc.double({ min: 1, max: 1000, noNaN: true }),
        hazardous: fc.boolean(),
        org: fc.integer({ min: 0, max: 5 }),
        place: near,
      }),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(offers, needs, fc.integer({ min: 1, max: 6 }), (rawOffers, rawNeeds, k) => {
        const offerList: OfferForMatching[] = rawOffers.flatMap((o, i) => {
          const category = o.material.code ? reference.categoryOfWaste(o.material.code) : o.material.category;
          const hazardous = o.material.code ? reference.wasteCode(o.material.code)!.hazardous : false;
          const one = { wasteCode: o.material.code, category, materialName: o.material.name, tonnesPerYear: o.tonnes, hazardous, ...spot(o.place) };
          return Array.from({ length: o.copies + 1 }, (_, c) => ({ id: `o${i}-${c}`, organisationId: `org${(o.org + c) % 6}`, ...one }));
        });
        const needList: NeedForMatching[] = rawNeeds.map((n, i) => ({
          id: `n${i}`, organisationId: `org${n.org}`, accepted: n.accepted, materialName: n.name, tonnesPerYear: n.tonnes, maxDistanceKm: n.km, acceptsHazardous: n.hazardous, ...spot(n.place),
        }));
        const ranked = <T extends { score: number }>(pairs: (T | null)[], id: (p: T) => string) =>
          pairs.filter((p) => p !== null).sort((a, b) => b.score - a.score || id(a).localeCompare(id(b))).slice(0, k);
        const offerIndex = new OfferIndex(offerList, substitutionsOf, allSubstitutions);
        for (const n of needList) {
          const expected = ranked(offerList.map((o) => scorePair(o, n, substitutionsOf)), (p) => p.offerId);
          expect(offerIndex.topOffersForNeed(n, k)).toEqual(expected);
          expect(topOffersForNeedNaive(offerList, n, k, substitutionsOf, allSubstitutions)).toEqual(expected);
        }
        const needIndex = new NeedIndex(needList, substitutionsOf, allSubstitutions);
        for (const o of offerList) {
          expect(needIndex.topNeedsForOffer(o, k)).toEqual(ranked(needList.map((n) => scorePair(o, n, substitutionsOf)), (p) => p.needId));
        }
      }),
      { numRuns: 200 },
    );
  });
});
