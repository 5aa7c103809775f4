import fs from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import type { RegisterCommands } from '../../command-context.js';
import { systemActor } from '../../platform/auth/actor.js';
import type { DidDocument } from './credential-model.js';
import { decodeStatusList, setBitsOf } from './status-list-model.js';
import { verifyCertificateJwt, type VerificationResolvers, type VerificationResult } from './verification.js';

function readText(file: string): string {
  if (file === '-') return fs.readFileSync(0, 'utf8');
  if (!fs.existsSync(file)) throw new InvalidArgumentError(`no file at ${file}`);
  return fs.readFileSync(file, 'utf8');
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

const payloadOf = (jwt: string): Record<string, unknown> | null => {
  try {
    return JSON.parse(Buffer.from(jwt.trim().split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
};

/**
 * Offline resolvers: the DID document and the status lists a verifier saved (from
 * /t/<slug>/did.json and the credential's statusListCredential addresses). A status list is found by
 * the `id` it carries, so the files may have any name.
 */
export function offlineResolvers(didDocumentText: string, statusListTexts: readonly string[]): VerificationResolvers {
  const document = JSON.parse(didDocumentText) as DidDocument;
  const lists = new Map<string, string>();
  for (const text of statusListTexts) {
    const jwt = text.trim();
    const id = payloadOf(jwt)?.id;
    if (typeof id === 'string') lists.set(id, jwt);
  }
  return {
    resolveDidDocument: async (did) => (document.id === did ? document : null),
    fetchStatusList: async (url) => lists.get(url) ?? null,
  };
}

export function describeVerification(result: VerificationResult): string[] {
  const lines: string[] = [];
  const credential = result.credential;
  const subject = credential?.credentialSubject as { name?: string; siren?: string | null; certificate?: { levelLabel?: { fr?: string }; scorePercent?: number } } | undefined;
  lines.push(result.valid ? `✔ Valid: ${result.message.fr}` : `✘ Not valid (${result.reason}): ${result.message.fr}`);
  for (const other of result.reasons.slice(1)) lines.push(`  also: ${other}`);
  if (subject?.name) lines.push(`  Organisation: ${subject.name}${subject.siren ? ` (SIREN ${subject.siren})` : ''}`);
  if (subject?.certificate?.levelLabel?.fr) lines.push(`  Level: ${subject.certificate.levelLabel.fr}, score ${subject.certificate.scorePercent} %`);
  if (credential?.validFrom) lines.push(`  Valid from ${String(credential.validFrom)} until ${String(credential.validUntil)}`);
  if (result.issuer) lines.push(`  Issuer: ${result.issuer}`);
  lines.push(`  Checks: ${Object.entries(result.checks).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return lines;
}

export const registerCertificateCommands: RegisterCommands = (program: Command, withServices) => {
  const certificate = program.command('certificate').description('Certificats d’Utilité Territoriale: verify a credential, read a status list, rotate a territory’s signing key.');

  certificate
    .command('verify <file>')
    .description(
      'Verify a CUT credential (a vc+jwt file, or - for standard input). With --did-document (and --status-list), offline from saved files; otherwise against the territories of this database. Exit code 1 when not valid.',
    )
    .option('--did-document <file>', 'the issuer’s saved DID document (did.json): verify offline')
    .option('--status-list <file>', 'a saved status list credential (vc+jwt); repeat for revocation and suspension', collect, [])
    .option('--json', 'print the whole result as JSON')
    .action(async (file: string, options: { didDocument?: string; statusList: string[]; json?: boolean }) => {
      const jwt = readText(file).trim();
      let result: VerificationResult;
      if (options.didDocument) {
        result = await verifyCertificateJwt(jwt, offlineResolvers(readText(options.didDocument), options.statusList.map(readText)), new Date());
      } else {
        result = await withServices((s) => s.certificates.certificates.verify(jwt));
      }
      console.log(options.json ? JSON.stringify(result, null, 2) : describeVerification(result).join('\n'));
      if (!result.valid) process.exitCode = 1;
    });

  certificate
    .command('status-list <file>')
    .description('Decode a saved Bitstring Status List credential (vc+jwt): its purpose, size and the indexes whose bit is set.')
    .action((file: string) => {
      const subject = payloadOf(readText(file))?.credentialSubject as { statusPurpose?: string; encodedList?: string } | undefined;
      const bits = subject?.encodedList ? decodeStatusList(subject.encodedList) : null;
      if (!bits) throw new InvalidArgumentError('this is not a Bitstring Status List credential');
      const set = setBitsOf(bits);
      console.log(`${subject!.statusPurpose} list of ${bits.length * 8} entries; ${set.length} set${set.length > 0 ? `: ${set.join(', ')}` : ''}`);
    });

  certificate
    .command('rotate-key')
    .description('Rotate a territory’s signing key: a new Ed25519 key signs from now on; the old ones stay in its DID document.')
    .requiredOption('-t, --territory <slug>', 'the territory')
    .action(async (options: { territory: string }) => {
      const keys = await withServices((s) => s.certificates.issuer.rotateKey(systemActor('cli certificate rotate-key'), options.territory));
      for (const k of keys) console.log(`${k.active ? '* active ' : '  retired'} ${k.verificationMethod} (created ${k.createdAt})`);
    });
};
