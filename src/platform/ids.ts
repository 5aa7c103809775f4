import { uuidv7 } from 'uuidv7';

/** Identifiers are UUIDv7 text: sortable by creation time, unique without coordination between servers. */
export function newId(): string {
  return uuidv7();
}
