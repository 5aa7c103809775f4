import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { gunzipSync } from 'node:zlib';
import { decodeStatusList, encodeStatusList, MIN_STATUS_LIST_BITS, setBitsOf, statusBit } from './status-list-model.js';

describe('Bitstring Status List', () => {
  it('encodes 131,072 bits, GZIP-compressed, as multibase base64url (a leading u)', () => {
    const encoded = encodeStatusList([0, 9, 131_071]);
    expect(encoded.startsWith('u')).toBe(true);
    expect(encoded.slice(1)).toMatch(/^[A-Za-z0-9_-]+$/);
    const raw = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
    expect(raw.length).toBe(16 * 1024);
    // Bit 0 is the most significant bit of the first byte.
    expect(raw[0]).toBe(0x80);
    expect(raw[1]).toBe(0x40);
    expect(raw[16 * 1024 - 1]).toBe(0x01);
  });

  it('decodes back to the same bits', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: MIN_STATUS_LIST_BITS - 1 }), { maxLength: 50 }), (indexes) => {
        const bits = decodeStatusList(encodeStatusList(indexes))!;
        expect(setBitsOf(bits)).toEqual([...indexes].sort((a, b) => a - b));
        for (const i of indexes) expect(statusBit(bits, i)).toBe(true);
      }),
      { numRuns: 30 },
    );
  });

  it('refuses what is not a status list: no multibase prefix, not GZIP, shorter than 16 KB', () => {
    expect(decodeStatusList(encodeStatusList([1]).slice(1))).toBeNull();
    expect(decodeStatusList('uAAAA')).toBeNull();
    expect(() => encodeStatusList([], 1024)).toThrow(RangeError);
    expect(statusBit(new Uint8Array(2), 16)).toBeNull();
  });
});
