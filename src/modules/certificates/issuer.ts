import { randomInt } from 'node:crypto';
import { calculateJwkThumbprint, CompactSign, importJWK } from 'jose';
import type { Executor } from '../../platform/db/transaction.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { appendAuditEvent } from '../../platform/audit/audit-trail.js';
import { systemActor, type Actor } from '../../platform/auth/actor.js';
import { forbidden, notFound, unauthenticated } from '../../platform/errors.js';
import { systemClock, type Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Territory } from '../territories/model.js';
import type { TerritoriesService } from '../territories/service.js';
import { certificatesRepository as repo, type SigningKey } from './certificates-repository.js';
import { didDocumentOf, didWebOf, JWT_TYPE, SIGNING_ALGORITHM, statusListCredentialOf, type DidDocument, type PublicJwk } from './credential-model.js';
import { generateEd25519Jwk, openPrivateJwk, sealPrivateJwk, type PrivateJwk } from './key-encryption.js';
import { encodeStatusList, MIN_STATUS_LIST_BITS, STATUS_LIST_FILL_LIMIT, type StatusPurpose } from './status-list-model.js';
import { canRotateKeys } from './workflow-model.js';

export interface CertificateSettings {
  /** Public origin of the deployment, without a trailing slash: the did:web and every link come from it. */
  readonly publicUrl: string;
  /** Read when a key is first sealed or opened, so that a process that signs nothing never needs it. */
  readonly keySecret: () => string;
}

export interface KeyView {
  kid: string;
  verificationMethod: string;
  publicJwk: PublicJwk;
  createdAt: string;
  retiredAt: string | null;
  active: boolean;
}

const STATUS_LIST_PATH = /^\/api\/v1\/t\/([a-z0-9-]{2,64})\/certificates\/status-lists\/([0-9a-f-]{36})\/(revocation|suspension)$/;

/**
 * The territory as an issuer: its did:web, its Ed25519 keys (created on first need, rotated by a
 * facilitator, old public keys kept so that what they signed still verifies), and its Bitstring Status
 * Lists, drawn from the certificates' statuses and signed when served.
 */
export class CertificateIssuer {
  constructor(
    private readonly db: Executor,
    private readonly territories: TerritoriesService,
    readonly settings: CertificateSettings,
    private readonly clock: Clock = systemClock,
  ) {}

  didOf(slug: string): string {
    return didWebOf(this.settings.publicUrl, slug);
  }

  statusListUrl(slug: string, listId: string, purpose: StatusPurpose): string {
    return `${this.settings.publicUrl}/api/v1/t/${slug}/certificates/status-lists/${listId}/${purpose}`;
  }

  /** Our own status list address, taken apart; null for any other address. */
  parseStatusListUrl(url: string): { slug: string; listId: string; purpose: StatusPurpose } | null {
    if (!url.startsWith(this.settings.publicUrl)) return null;
    const match = STATUS_LIST_PATH.exec(url.slice(this.settings.publicUrl.length));
    return match ? { slug: match[1]!, listId: match[2]!, purpose: match[3] as StatusPurpose } : null;
  }

  /** The key that signs now: the newest one not retired, created in the caller's transaction when there is none. */
  async activeKey(trx: Executor, territory: Territory, actor: Actor): Promise<{ key: SigningKey; privateJwk: PrivateJwk }> {
    const keys = await repo.listKeys(trx, territory.id);
    const active = keys.filter((k) => k.retiredAt === null).at(-1);
    const key = active ?? (await this.createKey(trx, territory, actor, 'certificate_key.created'));
    return { key, privateJwk: openPrivateJwk(key.sealedPrivateJwk, this.settings.keySecret(), `${territory.id}/${key.kid}`) };
  }

  /** A new key signs from now on; the retired ones stay in the DID document. */
  async rotateKey(actor: Actor, slug: string): Promise<KeyView[]> {
    if (actor.kind === 'anonymous') throw unauthenticated();
    const territory = await this.territories.requireTerritory(slug);
    if (!canRotateKeys(await this.territories.grantsFor(actor, territory.id))) throw forbidden('Only a facilitator of this territory rotates its signing keys.');
    await inTransaction(this.db, async (trx) => {
      await repo.retireKeys(trx, territory.id, this.clock().toISOString());
      await this.createKey(trx, territory, actor, 'certificate_key.rotated');
    });
    return this.keys(slug);
  }

  async keys(slug: string): Promise<KeyView[]> {
    const territory = await this.territories.requireTerritory(slug);
    const did = this.didOf(slug);
    const keys = await this.ensureKeys(territory);
    const active = keys.filter((k) => k.retiredAt === null).at(-1)?.kid;
    return keys.map((k) => ({ kid: k.kid, verificationMethod: `${did}#${k.kid}`, publicJwk: k.publicJwk, createdAt: k.createdAt, retiredAt: k.retiredAt, active: k.kid === active }));
  }

  async didDocument(slug: string): Promise<DidDocument> {
    const territory = await this.territories.requireTerritory(slug);
    return didDocumentOf(this.didOf(slug), await this.ensureKeys(territory));
  }

  /** The DID document of one of our territories, or null: what the verifier resolves locally. */
  async didDocumentIfKnown(slug: string): Promise<DidDocument | null> {
    const territoryId = await this.territories.territoryIdOf(slug);
    if (!territoryId) return null;
    return didDocumentOf(this.didOf(slug), await repo.listKeys(this.db, territoryId));
  }

  async jwks(slug: string): Promise<{ keys: (PublicJwk & { kid: string; alg: string; use: string })[] }> {
    const territory = await this.territories.requireTerritory(slug);
    const keys = await this.ensureKeys(territory);
    return { keys: keys.map((k) => ({ kty: 'OKP', crv: 'Ed25519', x: k.publicJwk.x, kid: k.kid, alg: SIGNING_ALGORITHM, use: 'sig' })) };
  }

  /** A vc+jwt whose payload is the credential itself (VC-JOSE-COSE), signed EdDSA with the key named by `kid`. */
  async sign(payload: object, slug: string, signer: { key: SigningKey; privateJwk: PrivateJwk }): Promise<string> {
    const privateKey = await importJWK({ ...signer.privateJwk, alg: SIGNING_ALGORITHM }, SIGNING_ALGORITHM);
    return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: SIGNING_ALGORITHM, typ: JWT_TYPE, cty: 'vc', kid: `${this.didOf(slug)}#${signer.key.kid}` })
      .sign(privateKey);
  }

  /** A random free slot in a list under its fill limit, a new list when all are fuller. */
  async allocateStatusSlot(trx: Executor, territoryId: string): Promise<{ listId: string; index: number }> {
    const lists = await repo.listStatusLists(trx, territoryId);
    let list = lists.find((l) => l.allocated < Math.min(l.capacity, STATUS_LIST_FILL_LIMIT));
    if (!list) {
      list = { id: newId(), capacity: MIN_STATUS_LIST_BITS, createdAt: this.clock().toISOString(), allocated: 0 };
      await repo.insertStatusList(trx, territoryId, list);
    }
    // At most half full, so each draw is free with probability ≥ 1/2: 64 misses in a row is a broken invariant.
    for (let attempt = 0; attempt < 64; attempt += 1) {
      const index = randomInt(list.capacity);
      if (!(await repo.isIndexTaken(trx, territoryId, list.id, index))) return { listId: list.id, index };
    }
    throw new Error(`No free status slot found in list ${list.id}`);
  }

  /**
   * The status list credential, as served at its public address: the bits are drawn from the
   * certificates' current statuses (revoked and superseded set the revocation bit, suspended the
   * suspension bit), and dated by the latest change, so the same statuses always give the same JWT.
   */
  async statusListCredential(slug: string, listId: string, purpose: StatusPurpose): Promise<string> {
    const territory = await this.territories.requireTerritory(slug);
    const list = await repo.findStatusList(this.db, territory.id, listId);
    if (!list) throw notFound('The status list');
    const slots = await repo.statusSlots(this.db, territory.id, listId);
    const setBy = purpose === 'revocation' ? ['revoked', 'superseded'] : ['suspended'];
    const bits = slots.filter((s) => setBy.includes(s.status)).map((s) => s.index);
    const validFrom = slots.reduce((latest, s) => (s.changedAt > latest ? s.changedAt : latest), list.createdAt);
    const url = this.statusListUrl(slug, listId, purpose);
    const credential = statusListCredentialOf(url, this.didOf(slug), purpose, encodeStatusList(bits, list.capacity), validFrom);
    await this.ensureKeys(territory);
    const signer = await this.activeKey(this.db, territory, systemActor('status list'));
    return this.sign(credential, slug, signer);
  }

  private async ensureKeys(territory: Territory): Promise<SigningKey[]> {
    const keys = await repo.listKeys(this.db, territory.id);
    if (keys.length > 0) return keys;
    // Two first requests at once may each create one: both are published, and the newer one signs.
    await inTransaction(this.db, (trx) => this.createKey(trx, territory, systemActor('first signing key'), 'certificate_key.created'));
    return repo.listKeys(this.db, territory.id);
  }

  private async createKey(trx: Executor, territory: Territory, actor: Actor, action: string): Promise<SigningKey> {
    const { publicJwk, privateJwk } = generateEd25519Jwk();
    const kid = await calculateJwkThumbprint(publicJwk);
    const key: SigningKey = {
      kid,
      publicJwk,
      sealedPrivateJwk: sealPrivateJwk(privateJwk, this.settings.keySecret(), `${territory.id}/${kid}`),
      createdAt: this.clock().toISOString(),
      retiredAt: null,
    };
    await repo.insertKey(trx, territory.id, key);
    await appendAuditEvent(trx, actor, { territoryId: territory.id, action, targetType: 'certificate_key', targetId: kid, change: { kid, publicJwk } }, this.clock);
    return key;
  }
}
