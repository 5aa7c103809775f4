import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt from Node's OpenSSL (maintained, no native addon to build). N=2^15, r=8, p=1 costs 32 MiB and
// ~80 ms per hash on these machines: within OWASP's scrypt guidance and cheap enough for sign-in.
// PACTE21_PASSWORD_HASH_COST sets log2(N) for new hashes (the test suite lowers it to 10, as it creates
// hundreds of accounts); each stored hash names its own parameters, so either verifies.
const DEFAULT_COST = 15;
const keyLength = 32;

/** The scrypt parameters for new hashes; throws, naming the setting, when PACTE21_PASSWORD_HASH_COST is out of range. */
export function hashParameters(): { N: number; r: number; p: number } {
  const setting = process.env.PACTE21_PASSWORD_HASH_COST;
  const cost = setting === undefined || setting === '' ? DEFAULT_COST : Number(setting);
  if (!Number.isInteger(cost) || cost < 10 || cost > 20) {
    throw new Error(`PACTE21_PASSWORD_HASH_COST must be a whole number from 10 to 20 (log2 of scrypt's N; default ${DEFAULT_COST}), not "${setting}".`);
  }
  return { N: 2 ** cost, r: 8, p: 1 };
}

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFKC'), salt, keyLength, { ...options, maxmem: 128 * options.N! * options.r! * 2 }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const parameters = hashParameters();
  const key = await scrypt(password, salt, parameters);
  return ['scrypt', parameters.N, parameters.r, parameters.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Spent when the account does not exist, so that timing does not tell whether an email is registered. */
let decoy: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword('decoy-password-never-valid');
  await verifyPassword(password, await decoy);
  return false;
}
