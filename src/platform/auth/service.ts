import type { Executor } from '../db/transaction.js';
import { inTransaction } from '../db/transaction.js';
import { appendAuditEvent, PLATFORM_CHAIN } from '../audit/audit-trail.js';
import { conflict, forbidden, invalidCredentials, invalidInput, notFound, ProblemError, unauthenticated, type FieldError } from '../errors.js';
import { systemClock, type Clock } from '../clock.js';
import { anonymous, type Actor, personActor } from './actor.js';
import { hashPassword, verifyAgainstDecoy, verifyPassword } from './passwords.js';
import { isPlausibleEmail, peopleRepository, type Person } from './people.js';
import { closeSession, openSession, resolveSession } from './sessions.js';
import { apiTokenRepository, type ApiTokenView } from './api-tokens.js';
import { invitationRepository } from './invitations.js';

export const MIN_PASSWORD_LENGTH = 12;

/** What the auth layer needs to know of territories, provided by the territories module at composition. */
export interface TokenScopePolicy {
  territoryIdOf(slug: string): Promise<string | undefined>;
  /** A person may hold a token for a territory they belong to, and for an organisation they are a member of. */
  mayHoldToken(personId: string, territoryId: string, organisationId: string | null): Promise<boolean>;
}

export function validateCredentials(input: { email: string; password: string; displayName?: string }, signUp: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (!isPlausibleEmail(input.email.trim())) errors.push({ field: 'email', code: 'invalid_email', message: 'The email address is not valid.' });
  if (signUp && input.password.length < MIN_PASSWORD_LENGTH) {
    errors.push({ field: 'password', code: 'password_too_short', message: `The password needs at least ${MIN_PASSWORD_LENGTH} characters.` });
  }
  if (signUp && !input.displayName?.trim()) errors.push({ field: 'displayName', code: 'required', message: 'The name is required.' });
  return errors;
}

/** Outside its territory a token acts as an anonymous reader: it cannot see or revoke the holder's tokens there. */
function refuseTokenOfAnotherTerritory(actor: Actor, territoryId: string): void {
  if (actor.kind === 'person' && actor.via === 'token' && actor.territoryId !== territoryId) {
    throw forbidden('This API token is scoped to another territory.');
  }
}

export class AuthService {
  constructor(
    private readonly db: Executor,
    private readonly scope: TokenScopePolicy,
    private readonly clock: Clock = systemClock,
  ) {}

  async signUp(input: { email: string; password: string; displayName: string }): Promise<{ person: Person; sessionSecret: string }> {
    const errors = validateCredentials(input, true);
    if (errors.length > 0) throw invalidInput(errors);
    const passwordHash = await hashPassword(input.password);
    return inTransaction(this.db, async (trx) => {
      if (await peopleRepository.findByEmail(trx, input.email)) {
        throw conflict('email_taken', 'An account already uses this email: sign in instead.', 'email');
      }
      const now = this.clock();
      const person = await peopleRepository.insert(trx, { email: input.email, displayName: input.displayName, passwordHash, createdAt: now.toISOString() });
      await appendAuditEvent(trx, personActor(person.id), {
        territoryId: PLATFORM_CHAIN,
        action: 'person.signed_up',
        targetType: 'person',
        targetId: person.id,
        change: { displayName: person.displayName },
      }, this.clock);
      const { secret } = await openSession(trx, person.id, now);
      return { person, sessionSecret: secret };
    });
  }

  /** Creates an account with a password, for the command line and the demo loader. */
  async createAccount(actor: Actor, input: { email: string; password: string; displayName: string }): Promise<Person> {
    if (actor.kind !== 'system') throw forbidden('Only the command line creates accounts directly.');
    const errors = validateCredentials(input, true);
    if (errors.length > 0) throw invalidInput(errors);
    const passwordHash = await hashPassword(input.password);
    return inTransaction(this.db, async (trx) => {
      const existing = await peopleRepository.findByEmail(trx, input.email);
      if (existing?.passwordHash) throw conflict('email_taken', 'An account already uses this email.', 'email');
      const person = existing ?? (await peopleRepository.insert(trx, { ...input, passwordHash, createdAt: this.clock().toISOString() }));
      if (existing) await peopleRepository.setPassword(trx, existing.id, passwordHash, input.displayName);
      await appendAuditEvent(trx, actor, {
        territoryId: PLATFORM_CHAIN,
        action: 'person.account_created',
        targetType: 'person',
        targetId: person.id,
        change: { displayName: input.displayName },
      }, this.clock);
      return { ...person, hasPassword: true };
    });
  }

  async signIn(input: { email: string; password: string }): Promise<{ person: Person; sessionSecret: string }> {
    const found = await peopleRepository.findByEmail(this.db, input.email);
    const ok = found?.passwordHash ? await verifyPassword(input.password, found.passwordHash) : await verifyAgainstDecoy(input.password);
    if (!found || !ok) throw invalidCredentials();
    const { secret } = await openSession(this.db, found.id, this.clock());
    const { passwordHash: _secret, ...person } = found;
    return { person, sessionSecret: secret };
  }

  /** A person added by a facilitator chooses a password through their invitation link, and is signed in. */
  async acceptInvitation(input: { token: string; password: string; displayName?: string }): Promise<{ person: Person; sessionSecret: string }> {
    if (input.password.length < MIN_PASSWORD_LENGTH) {
      throw invalidInput([{ field: 'password', code: 'password_too_short', message: `The password needs at least ${MIN_PASSWORD_LENGTH} characters.` }]);
    }
    const passwordHash = await hashPassword(input.password);
    return inTransaction(this.db, async (trx) => {
      const now = this.clock();
      const invitation = await invitationRepository.find(trx, input.token);
      if (!invitation) throw new ProblemError(404, 'invitation_not_found', 'This invitation link is not valid: ask the facilitator for a new one.');
      if (invitation.acceptedAt !== null) throw new ProblemError(410, 'invitation_used', 'This invitation was already used: sign in with your password.');
      if (invitation.expiresAt <= now.toISOString()) throw new ProblemError(410, 'invitation_expired', 'This invitation has expired: ask the facilitator for a new one.');
      const person = await peopleRepository.findById(trx, invitation.personId);
      if (!person) throw new ProblemError(404, 'invitation_not_found', 'This invitation link is not valid.');
      await invitationRepository.markAccepted(trx, input.token, now);
      await peopleRepository.setPassword(trx, person.id, passwordHash, input.displayName?.trim() || undefined);
      await appendAuditEvent(trx, personActor(person.id), {
        territoryId: PLATFORM_CHAIN,
        action: 'person.invitation_accepted',
        targetType: 'person',
        targetId: person.id,
        change: {},
      }, this.clock);
      const { secret } = await openSession(trx, person.id, now);
      return { person: { ...person, displayName: input.displayName?.trim() || person.displayName, hasPassword: true }, sessionSecret: secret };
    });
  }

  signOut(sessionSecret: string): Promise<void> {
    return closeSession(this.db, sessionSecret);
  }

  async actorFromSession(secret: string): Promise<Actor> {
    const personId = await resolveSession(this.db, secret, this.clock());
    return personId ? { kind: 'person', personId, via: 'session' } : anonymous;
  }

  async actorFromToken(token: string): Promise<Actor | undefined> {
    const scope = await apiTokenRepository.resolve(this.db, token, this.clock().toISOString());
    return scope && { kind: 'person', via: 'token', ...scope };
  }

  async personOf(actor: Actor): Promise<Person | null> {
    if (actor.kind !== 'person') return null;
    return (await peopleRepository.findById(this.db, actor.personId)) ?? null;
  }

  async issueApiToken(actor: Actor, territorySlug: string, input: { name: string; organisationId: string | null }): Promise<ApiTokenView & { token: string }> {
    // Tokens are issued from a signed-in session only: a token cannot mint other tokens.
    if (actor.kind !== 'person' || actor.via !== 'session') throw unauthenticated();
    const name = input.name.trim();
    if (!name) throw invalidInput([{ field: 'name', code: 'required', message: 'Give the token a name, to recognise it later.' }]);
    const territoryId = await this.requireTerritory(territorySlug);
    if (!(await this.scope.mayHoldToken(actor.personId, territoryId, input.organisationId))) {
      throw forbidden('You can only create tokens for a territory you joined and an organisation you belong to.');
    }
    return inTransaction(this.db, async (trx) => {
      const { token, view } = await apiTokenRepository.create(trx, {
        territoryId,
        personId: actor.personId,
        organisationId: input.organisationId,
        name,
        createdAt: this.clock().toISOString(),
      });
      await appendAuditEvent(trx, actor, {
        territoryId,
        action: 'api_token.issued',
        targetType: 'api_token',
        targetId: view.id,
        change: { name, organisationId: input.organisationId },
      }, this.clock);
      return { ...view, token };
    });
  }

  async listApiTokens(actor: Actor, territorySlug: string): Promise<ApiTokenView[]> {
    if (actor.kind !== 'person') throw unauthenticated();
    const territoryId = await this.requireTerritory(territorySlug);
    refuseTokenOfAnotherTerritory(actor, territoryId);
    return apiTokenRepository.listForPerson(this.db, territoryId, actor.personId);
  }

  async revokeApiToken(actor: Actor, territorySlug: string, tokenId: string): Promise<void> {
    if (actor.kind !== 'person') throw unauthenticated();
    const territoryId = await this.requireTerritory(territorySlug);
    refuseTokenOfAnotherTerritory(actor, territoryId);
    await inTransaction(this.db, async (trx) => {
      const revoked = await apiTokenRepository.revoke(trx, territoryId, actor.personId, tokenId, this.clock().toISOString());
      if (!revoked) throw notFound('An active token of yours with this id');
      await appendAuditEvent(trx, actor, { territoryId, action: 'api_token.revoked', targetType: 'api_token', targetId: tokenId, change: {} }, this.clock);
    });
  }

  private async requireTerritory(slug: string): Promise<string> {
    const id = await this.scope.territoryIdOf(slug);
    if (!id) throw notFound(`Territory "${slug}"`);
    return id;
  }
}
