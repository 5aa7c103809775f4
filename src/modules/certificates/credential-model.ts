import type { StatusPurpose } from './status-list-model.js';

/**
 * The shapes of what a territory publishes: its did:web DID document and its credentials, following
 * W3C Verifiable Credentials Data Model 2.0 secured with JOSE (VC-JOSE-COSE): the JWT's payload is the
 * credential itself, its header says `typ: vc+jwt`, `cty: vc`, and `kid` is the DID URL of the key.
 */

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const DID_CONTEXT = 'https://www.w3.org/ns/did/v1';
export const JWS_2020_CONTEXT = 'https://w3id.org/security/suites/jws-2020/v1';
export const CREDENTIAL_TYPE = 'TerritorialUtilityCertificate';
export const JWT_TYPE = 'vc+jwt';
export const SIGNING_ALGORITHM = 'EdDSA';

export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid?: string;
  alg?: string;
  use?: string;
}

export interface VerificationMethod {
  id: string;
  type: 'JsonWebKey2020';
  controller: string;
  publicKeyJwk: PublicJwk;
}

export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: VerificationMethod[];
  assertionMethod: string[];
}

export interface StatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
}

export interface CertificateSubject {
  type: 'Organisation';
  name: string;
  siren: string | null;
  certificate: {
    level: string;
    levelLabel: { fr: string; en: string };
    scorePercent: number;
    areaScores: { area: string; percent: number | null }[];
    referentialVersion: number;
    nextUpdateDue: string;
  };
}

export interface CertificateCredential {
  '@context': string[];
  id: string;
  type: string[];
  name: string;
  description: string;
  issuer: { id: string; name: string };
  validFrom: string;
  validUntil: string;
  credentialSubject: CertificateSubject;
  credentialStatus: StatusListEntry[];
}

export interface StatusListCredential {
  '@context': string[];
  id: string;
  type: string[];
  issuer: string;
  validFrom: string;
  credentialSubject: { id: string; type: 'BitstringStatusList'; statusPurpose: StatusPurpose; encodedList: string };
}

/** XML Schema dateTimeStamp without milliseconds, as credentials usually write it. */
export const credentialTime = (iso: string): string => iso.replace(/\.\d{3}Z$/, 'Z');

/**
 * The territory's DID under the did:web rules: the host (its port's colon percent-encoded), then each
 * path segment, colon-separated; it resolves to https://<host>/<path>/t/<slug>/did.json.
 */
export function didWebOf(publicUrl: string, slug: string): string {
  const url = new URL(publicUrl);
  const segments = url.pathname.split('/').filter(Boolean).map(encodeURIComponent);
  return ['did:web', encodeURIComponent(url.host), ...segments, 't', slug].join(':');
}

/** The https address a did:web resolves to (the spec's rule; our development default serves http). */
export function didWebDocumentUrl(did: string): string | null {
  if (!did.startsWith('did:web:')) return null;
  const [host, ...path] = did.slice('did:web:'.length).split(':');
  if (!host) return null;
  const decoded = [decodeURIComponent(host), ...path.map(decodeURIComponent)];
  return path.length === 0 ? `https://${decoded[0]}/.well-known/did.json` : `https://${decoded.join('/')}/did.json`;
}

/** The slug of one of our territories from its DID, or null for any other DID. */
export function slugOfDid(did: string, publicUrl: string): string | null {
  const prefix = didWebOf(publicUrl, '');
  if (!did.startsWith(prefix)) return null;
  const slug = did.slice(prefix.length);
  return /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/.test(slug) ? slug : null;
}

export function didDocumentOf(did: string, keys: readonly { kid: string; publicJwk: PublicJwk }[]): DidDocument {
  const methods = keys.map((k): VerificationMethod => ({ id: `${did}#${k.kid}`, type: 'JsonWebKey2020', controller: did, publicKeyJwk: { kty: 'OKP', crv: 'Ed25519', x: k.publicJwk.x } }));
  return { '@context': [DID_CONTEXT, JWS_2020_CONTEXT], id: did, verificationMethod: methods, assertionMethod: methods.map((m) => m.id) };
}

export interface CredentialFacts {
  certificateId: string;
  issuerDid: string;
  territoryName: string;
  organisationName: string;
  siren: string | null;
  level: string;
  levelLabel: { fr: string; en: string };
  scorePercent: number;
  areaScores: { area: string; percent: number | null }[];
  referentialVersion: number;
  validFrom: string;
  validUntil: string;
  nextUpdateDue: string;
  statusListUrl: (purpose: StatusPurpose) => string;
  statusIndex: number;
}

export function certificateCredentialOf(f: CredentialFacts): CertificateCredential {
  const entry = (purpose: StatusPurpose): StatusListEntry => ({
    id: `${f.statusListUrl(purpose)}#${f.statusIndex}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: String(f.statusIndex),
    statusListCredential: f.statusListUrl(purpose),
  });
  return {
    '@context': [VC_CONTEXT],
    id: `urn:uuid:${f.certificateId}`,
    type: ['VerifiableCredential', CREDENTIAL_TYPE],
    name: `Certificat d’Utilité Territoriale — ${f.levelLabel.fr}`,
    description: `${f.organisationName} concourt à l’économie territoriale durable du Pacte 21 de ${f.territoryName}, au niveau « ${f.levelLabel.fr} ».`,
    issuer: { id: f.issuerDid, name: f.territoryName },
    validFrom: credentialTime(f.validFrom),
    validUntil: credentialTime(f.validUntil),
    credentialSubject: {
      type: 'Organisation',
      name: f.organisationName,
      siren: f.siren,
      certificate: {
        level: f.level,
        levelLabel: f.levelLabel,
        scorePercent: f.scorePercent,
        areaScores: f.areaScores,
        referentialVersion: f.referentialVersion,
        nextUpdateDue: credentialTime(f.nextUpdateDue),
      },
    },
    credentialStatus: [entry('revocation'), entry('suspension')],
  };
}

export function statusListCredentialOf(url: string, issuerDid: string, purpose: StatusPurpose, encodedList: string, validFrom: string): StatusListCredential {
  return {
    '@context': [VC_CONTEXT],
    id: url,
    type: ['VerifiableCredential', 'BitstringStatusListCredential'],
    issuer: issuerDid,
    validFrom: credentialTime(validFrom),
    credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: purpose, encodedList },
  };
}

/** The SIREN is the first nine digits of the SIRET; citizen collectives have neither. */
export const sirenOf = (siret: string | null): string | null => (siret ? siret.slice(0, 9) : null);
