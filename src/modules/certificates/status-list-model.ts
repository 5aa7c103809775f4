import { gunzipSync, gzipSync } from 'node:zlib';

/**
 * W3C Bitstring Status List v1.0: one bit per credential, the bitstring GZIP-compressed and written as
 * multibase base64url without padding (a leading `u`). Bit 0 is the most significant bit of the first
 * byte. The specification asks for at least 16 KB (131,072 entries) so that one credential's bit
 * cannot be told from the list's size, and for random indexes so that neighbours say nothing.
 */

export const MIN_STATUS_LIST_BITS = 131_072;
/** A new list is started when one is half allocated, so a random free index is found in a few draws. */
export const STATUS_LIST_FILL_LIMIT = MIN_STATUS_LIST_BITS / 2;

export const STATUS_PURPOSES = ['revocation', 'suspension'] as const;
export type StatusPurpose = (typeof STATUS_PURPOSES)[number];

export function encodeStatusList(setIndexes: Iterable<number>, sizeBits: number = MIN_STATUS_LIST_BITS): string {
  if (sizeBits % 8 !== 0 || sizeBits < MIN_STATUS_LIST_BITS) throw new RangeError(`A status list holds at least ${MIN_STATUS_LIST_BITS} bits, in whole bytes`);
  const bytes = new Uint8Array(sizeBits / 8);
  for (const index of setIndexes) {
    if (!Number.isInteger(index) || index < 0 || index >= sizeBits) throw new RangeError(`Status index ${index} is outside the list`);
    bytes[index >> 3]! |= 0x80 >> (index & 7);
  }
  return `u${gzipSync(bytes).toString('base64url')}`;
}

/** The raw bitstring of an `encodedList`, or null when it is not one (wrong prefix, not GZIP, too short). */
export function decodeStatusList(encoded: string): Uint8Array | null {
  if (!encoded.startsWith('u')) return null;
  try {
    const bytes = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'), { maxOutputLength: 16 * 1024 * 1024 });
    return bytes.length * 8 >= MIN_STATUS_LIST_BITS ? new Uint8Array(bytes) : null;
  } catch {
    return null;
  }
}

export function statusBit(bits: Uint8Array, index: number): boolean | null {
  if (!Number.isInteger(index) || index < 0 || index >= bits.length * 8) return null;
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

/** Indexes of the set bits, for tests and for the command line's report. */
export function setBitsOf(bits: Uint8Array): number[] {
  const set: number[] = [];
  bits.forEach((byte, i) => {
    if (byte === 0) return;
    for (let b = 0; b < 8; b += 1) if (byte & (0x80 >> b)) set.push(i * 8 + b);
  });
  return set;
}
