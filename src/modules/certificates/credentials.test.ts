import { beforeEach, expect, it } from 'vitest';
import { decodeProtectedHeader } from 'jose';
import { describeEachDatabase } from '../../platform/db/test-database.js';
import { certificateServices, certificateTerritory, issueCertificate, manualClock, type CertificateTerritory, type WithServices } from './test-factories.js';
import { decodeStatusList, MIN_STATUS_LIST_BITS, setBitsOf } from './status-list-model.js';
import { verifyCertificateJwt, type VerificationResolvers } from './verification.js';
import { openPrivateJwk } from './key-encryption.js';
import type { CertificateCredential, DidDocument, StatusListCredential } from './credential-model.js';

const payloadOf = <T>(jwt: string): T => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as T;
const withPayload = (jwt: string, payload: unknown) => {
  const [header, , signature] = jwt.split('.');
  return `${header}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${signature}`;
};

describeEachDatabase('certificates: verifiable credentials', (ctx) => {
  let app: WithServices;
  let t: CertificateTerritory;
  const clock = manualClock('2026-03-02T09:00:00.000Z');
  const certificates = () => app.services.certificates.certificates;
  const issuer = () => app.services.certificates.issuer;

  beforeEach(async () => {
    clock.set('2026-03-02T09:00:00.000Z');
    app = certificateServices(ctx.handle, clock.now);
    t = await certificateTerritory(app);
  });

  /** The status list bits of a certificate's list, as anyone reading the public list would decode them. */
  async function statusBits(certificateId: string, purpose: 'revocation' | 'suspension'): Promise<number[]> {
    const credential = payloadOf<CertificateCredential>(await certificates().credential(t.slug, certificateId));
    const entry = credential.credentialStatus.find((e) => e.statusPurpose === purpose)!;
    const parsed = issuer().parseStatusListUrl(entry.statusListCredential)!;
    const list = payloadOf<StatusListCredential>(await issuer().statusListCredential(parsed.slug, parsed.listId, parsed.purpose));
    return setBitsOf(decodeStatusList(list.credentialSubject.encodedList)!);
  }

  it('issues a W3C VC 2.0 as a vc+jwt signed EdDSA by the territory’s did:web, which verifies', async () => {
    const { certificateId } = await issueCertificate(app, t, 'recycling', 'met');
    const jwt = await certificates().credential(t.slug, certificateId);
    const did = 'did:web:127.0.0.1%3A3021:t:amiens';
    expect(decodeProtectedHeader(jwt)).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: expect.stringMatching(new RegExp(`^${did}#`)) });
    const credential = payloadOf<CertificateCredential>(jwt);
    expect(credential).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2'],
      id: `urn:uuid:${certificateId}`,
      type: ['VerifiableCredential', 'TerritorialUtilityCertificate'],
      issuer: { id: did, name: expect.any(String) },
      validFrom: '2026-03-02T09:00:00Z',
      validUntil: '2029-03-02T09:00:00Z',
      credentialSubject: { type: 'Organisation', siren: '479422222', certificate: { level: 'exemplaire', scorePercent: 100, referentialVersion: 1 } },
    });
    // No personal data: the subject is the organisation.
    expect(JSON.stringify(credential)).not.toMatch(/@amiens\.test|sophie|Nathalie/i);
    expect(credential.credentialStatus).toEqual([
      expect.objectContaining({ type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListCredential: expect.stringMatching(/^http:\/\/127\.0\.0\.1:3021\/api\/v1\/t\/amiens\/certificates\/status-lists\/[0-9a-f-]{36}\/revocation$/) }),
      expect.objectContaining({ type: 'BitstringStatusListEntry', statusPurpose: 'suspension' }),
    ]);
    const report = await certificates().verify(jwt);
    expect(report).toMatchObject({ valid: true, reason: null, checks: { format: 'ok', issuer: 'ok', signature: 'ok', dates: 'ok', status: 'ok' }, certificate: { id: certificateId, status: 'active' } });

    const document = await issuer().didDocument(t.slug);
    expect(document).toMatchObject({ id: did, assertionMethod: [decodeProtectedHeader(jwt).kid] });
  });

  it('rejects a tampered credential, a wrong issuer and an unknown one, each with its reason', async () => {
    const { certificateId } = await issueCertificate(app, t, 'recycling', 'partly_met');
    const jwt = await certificates().credential(t.slug, certificateId);
    const credential = payloadOf<CertificateCredential>(jwt);

    const upgraded = withPayload(jwt, { ...credential, credentialSubject: { ...credential.credentialSubject, certificate: { ...credential.credentialSubject.certificate, level: 'exemplaire' } } });
    expect(await certificates().verify(upgraded)).toMatchObject({ valid: false, reason: 'tampered', checks: { signature: 'failed' }, certificate: null });

    // Another territory signs a credential that claims to come from Amiens.
    const other = await certificateTerritory(app, 'somme');
    await issueCertificate(app, other, 'waste', 'met');
    const forged = await issuer().sign(credential, other.slug, await issuer().activeKey(ctx.handle.db, await app.services.territories.requireTerritory(other.slug), { kind: 'system', reason: 'test' }));
    expect(await certificates().verify(forged)).toMatchObject({ valid: false, reason: 'wrong_issuer', checks: { issuer: 'failed' } });

    const elsewhere = 'did:web:certificats.example:t:amiens';
    const foreign = withPayload(jwt, { ...credential, issuer: { id: elsewhere, name: 'Ailleurs' } });
    expect((await certificates().verify(foreign)).reason).toBe('wrong_issuer');
    // A DID we do not know, its key named consistently: the issuer cannot be resolved.
    const unknownHeader = Buffer.from(JSON.stringify({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc', kid: `${elsewhere}#key-1` })).toString('base64url');
    const unknown = `${unknownHeader}.${foreign.split('.')[1]}.${jwt.split('.')[2]}`;
    expect(await certificates().verify(unknown)).toMatchObject({ valid: false, reason: 'unknown_issuer', checks: { issuer: 'failed' } });
    expect(await certificates().verify('not a credential')).toMatchObject({ valid: false, reason: 'malformed' });
  });

  it('says a credential has expired after three years, and is not valid before it starts', async () => {
    const { certificateId } = await issueCertificate(app, t, 'recycling', 'met');
    const jwt = await certificates().credential(t.slug, certificateId);
    clock.set('2029-03-02T09:00:01.000Z');
    expect(await certificates().verify(jwt)).toMatchObject({ valid: false, reason: 'expired', checks: { signature: 'ok', dates: 'failed' }, certificate: { status: 'expired' } });
    clock.set('2026-03-01T00:00:00.000Z');
    expect((await certificates().verify(jwt)).reason).toBe('not_yet_valid');
  });

  it('revokes and suspends through the Bitstring Status List: the bits follow, and verification says why', async () => {
    const first = await issueCertificate(app, t, 'recycling', 'met');
    const second = await issueCertificate(app, t, 'waste', 'met');
    const [jwt1, jwt2] = [await certificates().credential(t.slug, first.certificateId), await certificates().credential(t.slug, second.certificateId)];
    const index = (jwt: string) => Number(payloadOf<CertificateCredential>(jwt).credentialStatus[0]!.statusListIndex);
    expect(index(jwt1)).not.toBe(index(jwt2));
    expect(await statusBits(first.certificateId, 'revocation')).toEqual([]);

    await expect(certificates().suspend(t.as('recyclingRep'), t.slug, first.certificateId, 'Contrôle')).rejects.toMatchObject({ status: 403 });
    await expect(certificates().suspend(t.as('conflictedAuditor'), t.slug, first.certificateId, 'Contrôle')).rejects.toMatchObject({ status: 403 });
    await expect(certificates().suspend(t.as('auditor'), t.slug, first.certificateId, ' ')).rejects.toMatchObject({ status: 422, errors: [{ field: 'reason' }] });
    const suspended = await certificates().suspend(t.as('auditor'), t.slug, first.certificateId, 'Revue annuelle en retard de trois mois.');
    expect(suspended).toMatchObject({ status: 'suspended', statusReason: 'Revue annuelle en retard de trois mois.' });
    expect(await statusBits(first.certificateId, 'suspension')).toEqual([index(jwt1)]);
    expect(await certificates().verify(jwt1)).toMatchObject({ valid: false, reason: 'suspended', checks: { status: 'failed' }, certificate: { status: 'suspended', statusReason: 'Revue annuelle en retard de trois mois.' } });
    expect((await certificates().verify(jwt2)).valid).toBe(true);

    const reinstated = await certificates().reinstate(t.as('auditor'), t.slug, first.certificateId, 'Revue reçue.');
    expect(reinstated).toMatchObject({ status: 'active', statusReason: null });
    expect(await statusBits(first.certificateId, 'suspension')).toEqual([]);
    expect((await certificates().verify(jwt1)).valid).toBe(true);
    await expect(certificates().reinstate(t.as('auditor'), t.slug, first.certificateId, 'Encore')).rejects.toMatchObject({ status: 409, message: expect.stringContaining('current status: active') });

    await certificates().revoke(t.as('auditor'), t.slug, second.certificateId, 'Déclarations d’achats locaux inexactes.');
    expect(await statusBits(second.certificateId, 'revocation')).toEqual([index(jwt2)]);
    expect(await certificates().verify(jwt2)).toMatchObject({ valid: false, reason: 'revoked', message: { fr: 'Ce certificat a été révoqué par son émetteur.' } });
    await expect(certificates().suspend(t.as('auditor'), t.slug, second.certificateId, 'x')).rejects.toMatchObject({ status: 409, code: 'invalid_transition' });

    const view = await certificates().get(t.slug, second.certificateId);
    expect(view.history.map((h) => [h.action, h.reason])).toEqual([['issued', null], ['revoked', 'Déclarations d’achats locaux inexactes.']]);
    const chronicle = (await app.services.chronicle.list(t.slug, { limit: 20 })).items.map((e) => e.kind);
    expect(chronicle).toEqual(expect.arrayContaining(['certificate.issued', 'certificate.suspended', 'certificate.reinstated', 'certificate.revoked']));
  });

  it('serves each status list as a signed credential of at least 16 KB of bits', async () => {
    const { certificateId } = await issueCertificate(app, t, 'recycling', 'met');
    const credential = payloadOf<CertificateCredential>(await certificates().credential(t.slug, certificateId));
    const url = credential.credentialStatus[0]!.statusListCredential;
    const parsed = issuer().parseStatusListUrl(url)!;
    const jwt = await issuer().statusListCredential(parsed.slug, parsed.listId, parsed.purpose);
    expect(decodeProtectedHeader(jwt)).toMatchObject({ typ: 'vc+jwt', alg: 'EdDSA' });
    const list = payloadOf<StatusListCredential>(jwt);
    expect(list).toMatchObject({ id: url, type: ['VerifiableCredential', 'BitstringStatusListCredential'], issuer: 'did:web:127.0.0.1%3A3021:t:amiens', credentialSubject: { id: `${url}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation' } });
    expect(decodeStatusList(list.credentialSubject.encodedList)!.length * 8).toBe(MIN_STATUS_LIST_BITS);
    // The same statuses give the same signed list.
    expect(await issuer().statusListCredential(parsed.slug, parsed.listId, parsed.purpose)).toBe(jwt);
  });

  it('keeps verifying a credential signed before a key rotation, and signs new ones with the new key', async () => {
    const before = await issueCertificate(app, t, 'recycling', 'met');
    const jwtBefore = await certificates().credential(t.slug, before.certificateId);
    await expect(issuer().rotateKey(t.as('auditor'), t.slug)).rejects.toMatchObject({ status: 403 });
    const keys = await issuer().rotateKey(t.as('facilitator'), t.slug);
    expect(keys.map((k) => [k.active, k.retiredAt === null])).toEqual([[false, false], [true, true]]);

    const after = await issueCertificate(app, t, 'waste', 'met');
    const jwtAfter = await certificates().credential(t.slug, after.certificateId);
    expect(decodeProtectedHeader(jwtAfter).kid).not.toBe(decodeProtectedHeader(jwtBefore).kid);
    expect((await certificates().verify(jwtBefore)).valid).toBe(true);
    expect((await certificates().verify(jwtAfter)).valid).toBe(true);
    expect((await issuer().didDocument(t.slug)).verificationMethod).toHaveLength(2);
    expect((await issuer().jwks(t.slug)).keys.map((k) => k.kid)).toEqual(keys.map((k) => k.kid));
  });

  it('verifies offline from a saved DID document and status lists, across a rotation', async () => {
    const { certificateId } = await issueCertificate(app, t, 'recycling', 'met');
    const jwt = await certificates().credential(t.slug, certificateId);
    await issuer().rotateKey(t.as('facilitator'), t.slug);
    await certificates().suspend(t.as('auditor'), t.slug, certificateId, 'Contrôle en cours.');
    // What a verifier saved to disk: the DID document, both status lists.
    const savedDocument = JSON.parse(JSON.stringify(await issuer().didDocument(t.slug))) as DidDocument;
    const entries = payloadOf<CertificateCredential>(jwt).credentialStatus;
    const savedLists = new Map<string, string>();
    for (const e of entries) {
      const p = issuer().parseStatusListUrl(e.statusListCredential)!;
      savedLists.set(e.statusListCredential, await issuer().statusListCredential(p.slug, p.listId, p.purpose));
    }
    const offline: VerificationResolvers = {
      resolveDidDocument: async (did) => (did === savedDocument.id ? savedDocument : null),
      fetchStatusList: async (url) => savedLists.get(url) ?? null,
    };
    expect(await verifyCertificateJwt(jwt, offline, clock.now())).toMatchObject({ valid: false, reason: 'suspended' });
    expect(await verifyCertificateJwt(jwt, { ...offline, fetchStatusList: async () => null }, clock.now())).toMatchObject({ valid: false, reason: 'status_unavailable', checks: { signature: 'ok' } });
    expect(await verifyCertificateJwt(jwt, { ...offline, resolveDidDocument: async () => null }, clock.now())).toMatchObject({ reason: 'unknown_issuer' });
    // A status list from another issuer cannot vouch for this credential.
    const other = await certificateTerritory(app, 'somme');
    const { certificateId: otherId } = await issueCertificate(app, other, 'waste', 'met');
    const otherEntry = payloadOf<CertificateCredential>(await certificates().credential(other.slug, otherId)).credentialStatus[1]!;
    const p = issuer().parseStatusListUrl(otherEntry.statusListCredential)!;
    const foreignList = await issuer().statusListCredential(p.slug, p.listId, p.purpose);
    expect((await verifyCertificateJwt(jwt, { ...offline, fetchStatusList: async () => foreignList }, clock.now())).reason).toBe('status_unavailable');
  });

  it('supersedes a certificate by its yearly update: the older credential then reads as revoked', async () => {
    const first = await issueCertificate(app, t, 'recycling', 'met');
    const jwt = await certificates().credential(t.slug, first.certificateId);
    clock.advanceDays(360);
    const second = await issueCertificate(app, t, 'recycling', 'partly_met');
    expect(await certificates().verify(jwt)).toMatchObject({ valid: false, reason: 'revoked', certificate: { status: 'superseded', supersededBy: second.certificateId } });
  });

  it('seals the private keys at rest: the database holds no usable private key without the secret', async () => {
    await issueCertificate(app, t, 'recycling', 'met');
    const rows = await ctx.handle.db.selectFrom('certificate_signing_keys').selectAll().execute();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row.private_jwk).toMatch(/^v1\./);
    expect(row.private_jwk).not.toContain('"d"');
    expect(openPrivateJwk(row.private_jwk, 'test-key-secret-test-key-secret', `${row.territory_id}/${row.kid}`).d).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() => openPrivateJwk(row.private_jwk, 'another-secret', `${row.territory_id}/${row.kid}`)).toThrow(/PACTE21_KEY_SECRET/);
    expect(() => openPrivateJwk(row.private_jwk, 'test-key-secret-test-key-secret', `other-territory/${row.kid}`)).toThrow();
  });
});
