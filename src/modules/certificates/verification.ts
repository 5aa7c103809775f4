import { compactVerify, decodeProtectedHeader, importJWK, type CompactVerifyResult } from 'jose';
import { JWT_TYPE, SIGNING_ALGORITHM, type DidDocument, type StatusListEntry } from './credential-model.js';
import { decodeStatusList, statusBit } from './status-list-model.js';

/**
 * Verifies a CUT credential the way anyone can: the signature against the issuer's DID document, the
 * issuer, the dates, and the status lists. The resolvers are given, so the same function runs on the
 * server (our own territories, from the database), on the command line from saved files (offline), or
 * over the network. It says plainly why a credential fails, with a stable reason code.
 */

export const VERIFICATION_REASONS = ['malformed', 'unknown_issuer', 'wrong_issuer', 'tampered', 'revoked', 'suspended', 'expired', 'not_yet_valid', 'status_unavailable'] as const;
export type VerificationReason = (typeof VERIFICATION_REASONS)[number];

/** A sentence per reason, French first; the web app may use the code as its own translation key. */
export const REASON_MESSAGES: Record<VerificationReason | 'valid', { fr: string; en: string }> = {
  valid: { fr: 'Certificat authentique, en cours de validité et non révoqué.', en: 'Authentic certificate, within its validity, not revoked.' },
  malformed: { fr: 'Ce n’est pas un certificat lisible (un JWT vc+jwt signé EdDSA est attendu).', en: 'This is not a readable certificate (an EdDSA-signed vc+jwt JWT is expected).' },
  unknown_issuer: { fr: 'L’émetteur est inconnu : son document DID est introuvable.', en: 'Unknown issuer: its DID document cannot be found.' },
  wrong_issuer: { fr: 'La clé de signature n’appartient pas à l’émetteur annoncé.', en: 'The signing key does not belong to the stated issuer.' },
  tampered: { fr: 'La signature ne correspond pas : le certificat a été modifié après sa signature.', en: 'The signature does not match: the certificate was changed after it was signed.' },
  revoked: { fr: 'Ce certificat a été révoqué par son émetteur.', en: 'This certificate has been revoked by its issuer.' },
  suspended: { fr: 'Ce certificat est suspendu par son émetteur.', en: 'This certificate is suspended by its issuer.' },
  expired: { fr: 'Ce certificat a expiré.', en: 'This certificate has expired.' },
  not_yet_valid: { fr: 'Ce certificat n’est pas encore valable.', en: 'This certificate is not valid yet.' },
  status_unavailable: { fr: 'La liste de statut n’a pas pu être lue : révocation et suspension non vérifiées.', en: 'The status list could not be read: revocation and suspension are unchecked.' },
};

export type CheckOutcome = 'ok' | 'failed' | 'skipped';

export interface VerificationResult {
  valid: boolean;
  /** The first reason in the order of VERIFICATION_REASONS, null when valid. */
  reason: VerificationReason | null;
  reasons: VerificationReason[];
  message: { fr: string; en: string };
  checks: { format: CheckOutcome; issuer: CheckOutcome; signature: CheckOutcome; dates: CheckOutcome; status: CheckOutcome };
  /** The credential as read, when it could be read (even if it failed). */
  credential: Record<string, unknown> | null;
  issuer: string | null;
  keyId: string | null;
}

export interface VerificationResolvers {
  /** The DID document of a DID, or null when unknown. */
  resolveDidDocument(did: string): Promise<DidDocument | null>;
  /** The vc+jwt of a status list credential at that address, or null when it cannot be had. */
  fetchStatusList(url: string): Promise<string | null>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function decodePayload(jwt: string): Json | null {
  const parts = jwt.split('.');
  if (parts.length !== 3) return null;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    return isObject(payload) ? payload : null;
  } catch {
    return null;
  }
}

const issuerIdOf = (credential: Json): string | null => {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  return isObject(issuer) && typeof issuer.id === 'string' ? issuer.id : null;
};

/** Checks the JWS with the key the header names, which must be one of the issuer's assertion methods. */
async function verifyWithIssuerKey(jwt: string, issuer: string, resolvers: VerificationResolvers): Promise<{ outcome: 'ok' } | { outcome: VerificationReason; kid: string | null }> {
  let kid: string | null = null;
  try {
    const header = decodeProtectedHeader(jwt);
    kid = typeof header.kid === 'string' ? header.kid : null;
    if (header.alg !== SIGNING_ALGORITHM) return { outcome: 'malformed', kid };
  } catch {
    return { outcome: 'malformed', kid };
  }
  if (!kid) return { outcome: 'wrong_issuer', kid };
  const keyController = kid.split('#')[0];
  if (keyController !== issuer) return { outcome: 'wrong_issuer', kid };
  const document = await resolvers.resolveDidDocument(issuer);
  if (!document || document.id !== issuer) return { outcome: 'unknown_issuer', kid };
  const method = document.verificationMethod.find((m) => m.id === kid);
  if (!method || !document.assertionMethod.includes(kid) || method.controller !== issuer) return { outcome: 'wrong_issuer', kid };
  let verified: CompactVerifyResult;
  try {
    const key = await importJWK({ ...method.publicKeyJwk, alg: SIGNING_ALGORITHM }, SIGNING_ALGORITHM);
    verified = await compactVerify(jwt, key, { algorithms: [SIGNING_ALGORITHM] });
  } catch {
    return { outcome: 'tampered', kid };
  }
  return verified.protectedHeader.typ === JWT_TYPE || verified.protectedHeader.typ === undefined ? { outcome: 'ok' } : { outcome: 'malformed', kid };
}

async function statusOf(entry: StatusListEntry, issuer: string, resolvers: VerificationResolvers): Promise<'set' | 'clear' | 'unavailable'> {
  const jwt = await resolvers.fetchStatusList(entry.statusListCredential);
  if (!jwt) return 'unavailable';
  const list = decodePayload(jwt);
  if (!list || (await verifyWithIssuerKey(jwt, issuer, resolvers)).outcome !== 'ok') return 'unavailable';
  const subject = list.credentialSubject;
  if (list.id !== entry.statusListCredential || issuerIdOf(list) !== issuer || !isObject(subject) || subject.statusPurpose !== entry.statusPurpose || typeof subject.encodedList !== 'string') {
    return 'unavailable';
  }
  const bits = decodeStatusList(subject.encodedList);
  const bit = bits ? statusBit(bits, Number(entry.statusListIndex)) : null;
  return bit === null ? 'unavailable' : bit ? 'set' : 'clear';
}

function statusEntriesOf(credential: Json): StatusListEntry[] {
  const raw = credential.credentialStatus;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter(
    (e): e is StatusListEntry =>
      isObject(e) && e.type === 'BitstringStatusListEntry' && typeof e.statusListCredential === 'string' && typeof e.statusListIndex === 'string' && /^\d+$/.test(e.statusListIndex) && (e.statusPurpose === 'revocation' || e.statusPurpose === 'suspension'),
  );
}

function resultOf(reasons: VerificationReason[], checks: VerificationResult['checks'], credential: Json | null, issuer: string | null, keyId: string | null): VerificationResult {
  const sorted = VERIFICATION_REASONS.filter((r) => reasons.includes(r));
  const reason = sorted[0] ?? null;
  return { valid: reason === null, reason, reasons: sorted, message: REASON_MESSAGES[reason ?? 'valid'], checks, credential, issuer, keyId };
}

export async function verifyCertificateJwt(jwt: string, resolvers: VerificationResolvers, now: Date): Promise<VerificationResult> {
  const checks: VerificationResult['checks'] = { format: 'skipped', issuer: 'skipped', signature: 'skipped', dates: 'skipped', status: 'skipped' };
  const token = jwt.trim();
  const credential = decodePayload(token);
  const issuer = credential ? issuerIdOf(credential) : null;
  let typ: unknown;
  try {
    typ = decodeProtectedHeader(token).typ;
  } catch {
    typ = null;
  }
  if (!credential || !issuer || typ !== JWT_TYPE || !Array.isArray(credential.type) || !credential.type.includes('VerifiableCredential')) {
    return resultOf(['malformed'], { ...checks, format: 'failed' }, credential, issuer, null);
  }
  checks.format = 'ok';

  const signature = await verifyWithIssuerKey(token, issuer, resolvers);
  if (signature.outcome !== 'ok') {
    const issuerFailed = signature.outcome === 'unknown_issuer' || signature.outcome === 'wrong_issuer';
    checks.issuer = issuerFailed ? 'failed' : 'ok';
    checks.signature = signature.outcome === 'tampered' ? 'failed' : 'skipped';
    if (signature.outcome === 'malformed') checks.format = 'failed';
    return resultOf([signature.outcome], checks, credential, issuer, signature.kid);
  }
  checks.issuer = 'ok';
  checks.signature = 'ok';
  const keyId = (decodeProtectedHeader(token).kid as string | undefined) ?? null;

  const reasons: VerificationReason[] = [];
  const at = now.getTime();
  const validFrom = typeof credential.validFrom === 'string' ? Date.parse(credential.validFrom) : Number.NaN;
  const validUntil = typeof credential.validUntil === 'string' ? Date.parse(credential.validUntil) : Number.POSITIVE_INFINITY;
  if (Number.isNaN(validFrom) || Number.isNaN(validUntil)) reasons.push('malformed');
  else {
    if (at < validFrom) reasons.push('not_yet_valid');
    if (at >= validUntil) reasons.push('expired');
  }
  checks.dates = reasons.length > 0 ? 'failed' : 'ok';

  const entries = statusEntriesOf(credential);
  const statusReasons: VerificationReason[] = [];
  for (const entry of entries) {
    const state = await statusOf(entry, issuer, resolvers);
    if (state === 'unavailable') statusReasons.push('status_unavailable');
    else if (state === 'set') statusReasons.push(entry.statusPurpose === 'revocation' ? 'revoked' : 'suspended');
  }
  checks.status = entries.length === 0 ? 'skipped' : statusReasons.length > 0 ? 'failed' : 'ok';
  return resultOf([...reasons, ...statusReasons], checks, credential, issuer, keyId);
}
