import { createHash } from 'node:crypto';

/** A public answer ready to send: its body once serialised, and the validators a browser revalidates with. */
export interface CachedAnswer {
  readonly body: string | Buffer;
  readonly contentType: string;
  readonly etag: string;
  readonly lastModified: string;
}

export function answerOf(body: string | Buffer, contentType: string, lastModified: string | null): CachedAnswer {
  const digest = createHash('sha256').update(body).digest('base64url').slice(0, 27);
  const modified = lastModified ? new Date(lastModified) : new Date(0);
  return { body, contentType, etag: `"${digest}"`, lastModified: modified.toUTCString() };
}

/**
 * In-process cache of the indicators' public answers (portal pages, open-data files), by territory.
 * Every write of the module drops its territory's entries once committed. Another server behind the
 * same load balancer does not hear of that write, so entries also expire after `ttlMs`: a reader may
 * see a value that old, never older.
 */
export class PageCache {
  enabled = true;
  private generation = 0;
  private readonly entries = new Map<string, { territoryId: string; answer: CachedAnswer; expires: number }>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 5_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(key: string, build: () => Promise<{ territoryId: string; answer: CachedAnswer }>): Promise<CachedAnswer> {
    if (this.enabled) {
      const hit = this.entries.get(key);
      if (hit && hit.expires > this.now()) return hit.answer;
    }
    // A write that commits while this answer is being built must not leave it cached.
    const generation = this.generation;
    const { territoryId, answer } = await build();
    if (this.enabled && generation === this.generation) {
      if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, { territoryId, answer, expires: this.now() + this.ttlMs });
    }
    return answer;
  }

  invalidate(territoryId: string): void {
    this.generation += 1;
    for (const [key, entry] of this.entries) if (entry.territoryId === territoryId) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}
