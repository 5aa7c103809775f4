import { invalidInput } from './errors.js';

/**
 * Keyset pagination: the cursor is the sort key of the last item given (e.g. its time and id), opaque to
 * clients. A page never skips or repeats an item when rows are added meanwhile, unlike an offset.
 */
export function encodePageCursor(key: readonly string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodePageCursor(cursor: string, parts: number): string[] {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === parts && key.every((k) => typeof k === 'string')) return key as string[];
  } catch {
    // fall through to the error below
  }
  throw invalidInput([{ field: 'cursor', code: 'invalid_cursor', message: 'The cursor is not one this API gave.' }]);
}

/** Cuts one more row than asked into a page and the cursor of the next one. */
export function pageOf<T>(rows: readonly T[], limit: number, keyOf: (row: T) => readonly string[]): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodePageCursor(keyOf(last)) : null };
}
