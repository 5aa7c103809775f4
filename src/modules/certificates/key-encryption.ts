import { createCipheriv, createDecipheriv, generateKeyPairSync, hkdfSync, randomBytes } from 'node:crypto';
import type { PublicJwk } from './credential-model.js';

/**
 * Signing keys at rest: the private JWK is sealed with AES-256-GCM under a key derived (HKDF-SHA-256)
 * from the deployment's secret (PACTE21_KEY_SECRET, or the cookie secret), bound to its territory
 * and kid as associated data so that a sealed key cannot be moved to another row. A database dump
 * alone does not give the keys.
 */

const VERSION = 'v1';

export interface PrivateJwk extends PublicJwk {
  d: string;
}

function keyEncryptionKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'pacte21-certificate-keys', 'aes-256-gcm private jwk', 32));
}

export function sealPrivateJwk(jwk: PrivateJwk, secret: string, associated: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyEncryptionKey(secret), iv);
  cipher.setAAD(Buffer.from(associated));
  const sealed = Buffer.concat([cipher.update(JSON.stringify(jwk), 'utf8'), cipher.final()]);
  return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

export function openPrivateJwk(sealed: string, secret: string, associated: string): PrivateJwk {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || !body) throw new Error('Unknown format of a sealed signing key');
  const decipher = createDecipheriv('aes-256-gcm', keyEncryptionKey(secret), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(associated));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  try {
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')) as PrivateJwk;
  } catch {
    throw new Error('A signing key cannot be opened: PACTE21_KEY_SECRET (or the cookie secret) differs from the one that sealed it');
  }
}

export function generateEd25519Jwk(): { publicJwk: PublicJwk; privateJwk: PrivateJwk } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const publicJwk = publicKey.export({ format: 'jwk' }) as unknown as PublicJwk;
  const privateJwk = privateKey.export({ format: 'jwk' }) as unknown as PrivateJwk;
  return { publicJwk: { kty: 'OKP', crv: 'Ed25519', x: publicJwk.x }, privateJwk: { kty: 'OKP', crv: 'Ed25519', x: privateJwk.x, d: privateJwk.d } };
}
