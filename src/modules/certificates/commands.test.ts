import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../app.js';
import { connectDatabase, type DatabaseHandle } from '../../platform/db/connect.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import { certificateTerritory, issueCertificate, PUBLIC_URL } from './test-factories.js';
import { runPacte21 } from '../../cli-test-runner.js';

const KEY_SECRET = 'cli-test-key-secret-cli-test-key-secret';
const CLI_TEST_TIMEOUT = 120_000;

const pacte21 = (databaseUrl: string, ...args: string[]) => runPacte21(databaseUrl, args, { PACTE21_KEY_SECRET: KEY_SECRET, PACTE21_PUBLIC_URL: PUBLIC_URL });

describe('pacte21 certificate', () => {
  let dir: string;
  let databaseUrl: string;
  let database: DatabaseHandle;
  let services: Services;
  const file = (name: string, content: string) => {
    const target = path.join(dir, name);
    fs.writeFileSync(target, content);
    return target;
  };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pacte21-certificate-'));
    databaseUrl = `sqlite:${path.join(dir, 'pacte21.db')}`;
    database = connectDatabase(databaseUrl);
    await migrateToLatest(database.db);
    services = createServices(database, undefined, { publicUrl: PUBLIC_URL, keySecret: () => KEY_SECRET });
  });
  afterEach(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'verifies offline from a saved DID document and status lists, and says why a revoked one fails',
    async () => {
      const t = await certificateTerritory({ services });
      const { certificateId } = await issueCertificate({ services }, t, 'recycling', 'met');
      const { certificates, issuer } = services.certificates;
      const jwt = file('certificate.jwt', await certificates.credential(t.slug, certificateId));
      const did = file('did.json', JSON.stringify(await issuer.didDocument(t.slug)));
      const saveLists = async () => {
        const payload = JSON.parse(Buffer.from(fs.readFileSync(jwt, 'utf8').split('.')[1]!, 'base64url').toString()) as { credentialStatus: { statusListCredential: string; statusPurpose: string }[] };
        return Promise.all(
          payload.credentialStatus.map(async (e) => {
            const p = issuer.parseStatusListUrl(e.statusListCredential)!;
            return file(`${e.statusPurpose}.jwt`, await issuer.statusListCredential(p.slug, p.listId, p.purpose));
          }),
        );
      };
      const [revocation, suspension] = await saveLists();
      // No database is read in offline mode: point it at one that does not exist.
      const offline = await pacte21('sqlite::memory:', 'certificate', 'verify', jwt, '--did-document', did, '--status-list', revocation!, '--status-list', suspension!);
      expect(offline.stdout).toContain('✔ Valid');
      expect(offline.stdout).toContain('Picardie Recyclage');
      expect(offline.code).toBe(0);

      await certificates.revoke(t.as('auditor'), t.slug, certificateId, 'Fausse déclaration.');
      const [revokedList] = await saveLists();
      const revoked = await pacte21('sqlite::memory:', 'certificate', 'verify', jwt, '--did-document', did, '--status-list', revokedList!, '--status-list', suspension!);
      expect(revoked.code).toBe(1);
      expect(revoked.stdout).toContain('✘ Not valid (revoked)');

      const decoded = await pacte21('sqlite::memory:', 'certificate', 'status-list', revokedList!);
      const index = JSON.parse(Buffer.from(fs.readFileSync(jwt, 'utf8').split('.')[1]!, 'base64url').toString()).credentialStatus[0].statusListIndex as string;
      expect(decoded.stdout.trim()).toBe(`revocation list of 131072 entries; 1 set: ${index}`);

      // Against the database, the status is read where it is kept.
      const online = await pacte21(databaseUrl, 'certificate', 'verify', jwt, '--json');
      expect(online.code).toBe(1);
      expect(JSON.parse(online.stdout)).toMatchObject({ valid: false, reason: 'revoked', certificate: { statusReason: 'Fausse déclaration.' } });
    },
    CLI_TEST_TIMEOUT * 2,
  );
});
