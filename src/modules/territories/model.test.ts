import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidSiret, normaliseNafCode, normaliseSiret, sortKeyOf } from './model.js';

/** Completes 13 digits with the Luhn key INSEE uses for SIRET. */
function withLuhnKey(base: string): string {
  for (let key = 0; key < 10; key += 1) {
    const candidate = `${base}${key}`;
    const sum = [...candidate].reverse().reduce((acc, d, i) => acc + (i % 2 === 1 ? (Number(d) * 2 > 9 ? Number(d) * 2 - 9 : Number(d) * 2) : Number(d)), 0);
    if (sum % 10 === 0) return candidate;
  }
  throw new Error('unreachable: one key in ten always fits');
}

const thirteenDigits = fc.stringMatching(/^\d{13}$/).filter((s) => !s.startsWith('356000000'));

describe('SIRET', () => {
  it('accepts real SIRETs, spaced as printed on an invoice', () => {
    expect(isValidSiret(normaliseSiret('732 829 320 00074'))).toBe(true);
    expect(isValidSiret(normaliseSiret('732.829.320.00074'))).toBe(true);
  });

  it('accepts every 14-digit number with a valid key, and rejects it once any one digit is changed', () => {
    fc.assert(
      fc.property(thirteenDigits, fc.nat(13), fc.integer({ min: 1, max: 9 }), (base, position, shift) => {
        const siret = withLuhnKey(base);
        expect(isValidSiret(siret)).toBe(true);
        const digit = (Number(siret[position]) + shift) % 10;
        const typo = `${siret.slice(0, position)}${digit}${siret.slice(position + 1)}`;
        expect(isValidSiret(typo)).toBe(false);
      }),
    );
  });

  it('rejects anything but 14 digits', () => {
    for (const value of ['', '7328293200007', '732829320000740', '7328293200007A', '73282932000074 ']) expect(isValidSiret(value), value).toBe(false);
  });

  it("checks La Poste's establishments by digit sum, as INSEE does, and its head office by Luhn", () => {
    expect(isValidSiret('35600000000048')).toBe(true);
    expect(isValidSiret('35600000000001')).toBe(true);
    expect(isValidSiret('35600000049837')).toBe(true);
    expect(isValidSiret('35600000000014')).toBe(false);
    expect(isValidSiret('35600000000049')).toBe(false);
  });
});

describe('NAF codes', () => {
  it('writes every usual spelling of a sub-class the official way', () => {
    for (const typed of ['6201Z', '62.01Z', '62.01z', ' 62 01 z', '6201z']) expect(normaliseNafCode(typed), typed).toBe('62.01Z');
  });
});

describe('sort key of a name', () => {
  it('ignores accents, case and French ligatures', () => {
    expect(sortKeyOf('Écopôle')).toBe('ecopole');
    expect(sortKeyOf('ZÈBRE')).toBe('zebre');
    expect(sortKeyOf('Œuvre du Cœur')).toBe('oeuvre du coeur');
    expect(sortKeyOf('Lætitia')).toBe('laetitia');
  });

  it('orders names as a French reader expects', () => {
    const names = ['zèbre', 'Œuvre', 'Écopôle', 'Abbaye', 'eau', 'Oasis', 'Ébène'];
    const sorted = [...names].sort((a, b) => (sortKeyOf(a) < sortKeyOf(b) ? -1 : sortKeyOf(a) > sortKeyOf(b) ? 1 : 0));
    expect(sorted).toEqual(['Abbaye', 'eau', 'Ébène', 'Écopôle', 'Oasis', 'Œuvre', 'zèbre']);
  });
});
