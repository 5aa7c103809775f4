import { randomFillSync } from 'node:crypto';

// Two hexadecimal digits of each byte, as ASCII codes.
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const HEX_HIGH = Uint8Array.from(HEX, (h) => h.charCodeAt(0));
const HEX_LOW = Uint8Array.from(HEX, (h) => h.charCodeAt(1));
const DASH = 0x2d;

/**
 * `count` UUIDv7 (RFC 9562) at once, for rows created in bulk: a payroll opens up to 100,000 accounts.
 * The uuidv7 package builds each id from a 16-byte array and 36 string concatenations (about forty
 * small objects an id) and draws its randomness eight words at a time; for 90,000 ids that was
 * ~0.4 s, most of it in the garbage collector. Here one random fill serves them all, and the ids are
 * slices of one string.
 *
 * Layout as the package's (RFC 9562 §6.2, method 1): the millisecond timestamp, then a 42-bit
 * counter that starts at a random value and counts up, in rand_a and the top of rand_b, then 32
 * random bits. The ids are therefore in creation order, and unique among themselves by the counter.
 */
export function bulkUuidv7(count: number): string[] {
  const random = randomFillSync(new Uint8Array(6 + 4 * count));
  // Below 2^41, so that adding up to 2^41 ids stays within the 42 bits.
  const start = ((random[0]! & 0x01) * 2 ** 40) + random[1]! * 2 ** 32 + ((random[2]! << 24) >>> 0) + (random[3]! << 16) + (random[4]! << 8) + random[5]!;
  const ms = Date.now();
  const bytes = new Uint8Array(16);
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  const text = Buffer.alloc(36 * count);
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    const counter = start + i;
    const high = Math.floor(counter / 2 ** 30); // 12 bits
    const low = counter % 2 ** 30; // 30 bits
    bytes[6] = 0x70 | (high >>> 8);
    bytes[7] = high & 0xff;
    bytes[8] = 0x80 | (low >>> 24);
    bytes[9] = (low >>> 16) & 0xff;
    bytes[10] = (low >>> 8) & 0xff;
    bytes[11] = low & 0xff;
    const r = 6 + 4 * i;
    bytes[12] = random[r]!;
    bytes[13] = random[r + 1]!;
    bytes[14] = random[r + 2]!;
    bytes[15] = random[r + 3]!;
    for (let b = 0; b < 16; b += 1) {
      if (b === 4 || b === 6 || b === 8 || b === 10) text[at++] = DASH;
      text[at++] = HEX_HIGH[bytes[b]!]!;
      text[at++] = HEX_LOW[bytes[b]!]!;
    }
  }
  // One string for all, and each id a slice of it: no per-id buffer or concatenation.
  const all = text.toString('latin1');
  const ids = new Array<string>(count);
  for (let i = 0; i < count; i += 1) ids[i] = all.slice(36 * i, 36 * i + 36);
  return ids;
}
