import type { Executor } from '../db/transaction.js';
import { newId } from '../ids.js';

export interface Person {
  id: string;
  email: string;
  displayName: string;
  /** false while a facilitator added the person and they have not chosen a password yet. */
  hasPassword: boolean;
}

type PersonRow = { id: string; email: string; display_name: string; password_hash: string | null };

const toPerson = (r: PersonRow): Person => ({ id: r.id, email: r.email, displayName: r.display_name, hasPassword: r.password_hash !== null });

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isPlausibleEmail(email: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) && email.length <= 254;
}

/** Accounts: the identity every module refers to by id. */
export const peopleRepository = {
  async findByEmail(db: Executor, email: string): Promise<(Person & { passwordHash: string | null }) | undefined> {
    const row = await db.selectFrom('people').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
    return row && { ...toPerson(row), passwordHash: row.password_hash };
  },

  async findById(db: Executor, id: string): Promise<Person | undefined> {
    const row = await db.selectFrom('people').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toPerson(row);
  },

  async findByIds(db: Executor, ids: readonly string[]): Promise<Map<string, Person>> {
    const unique = [...new Set(ids)];
    const result = new Map<string, Person>();
    // SQLite binds at most 32,766 parameters: large lists (a payroll of 100,000) go in chunks.
    for (let i = 0; i < unique.length; i += 5000) {
      const rows = await db.selectFrom('people').selectAll().where('id', 'in', unique.slice(i, i + 5000)).execute();
      for (const r of rows) result.set(r.id, toPerson(r));
    }
    return result;
  },

  async insert(db: Executor, input: { email: string; displayName: string; passwordHash: string | null; createdAt: string }): Promise<Person> {
    const row = {
      id: newId(),
      email: normaliseEmail(input.email),
      display_name: input.displayName.trim(),
      password_hash: input.passwordHash,
      created_at: input.createdAt,
    };
    await db.insertInto('people').values(row).execute();
    return toPerson(row);
  },

  async setPassword(db: Executor, id: string, passwordHash: string, displayName?: string): Promise<void> {
    await db
      .updateTable('people')
      .set({ password_hash: passwordHash, ...(displayName ? { display_name: displayName.trim() } : {}) })
      .where('id', '=', id)
      .execute();
  },
};
