import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { notFound } from '../../platform/errors.js';
import { EVIDENCE_HEAD_BYTES, MAX_EVIDENCE_BYTES } from './evidence-model.js';

/** An upload written to a staging file and hashed on the way, not yet kept. */
export interface StagedEvidence {
  readonly stagingPath: string;
  readonly name: string;
  readonly sha256: string;
  /** Bytes received, up to one past the limit. */
  readonly size: number;
  readonly head: Buffer;
  /** More than MAX_EVIDENCE_BYTES arrived (or the parser cut the file at its limit). */
  readonly tooLarge: boolean;
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Evidence files on disk, content-addressed: `<directory>/<first two hex digits>/<sha256>`. The same
 * file uploaded twice is stored once, and a file's name is its checksum, so it cannot be swapped
 * without the record showing it. Uploads are staged beside the store (same file system, so keeping
 * one is an atomic rename) and removed when the use case refuses them.
 */
export class EvidenceStore {
  constructor(readonly directory: string) {}

  /** Writes the stream to a staging file, hashing it; stops writing (but drains) past the limit. */
  async stage(source: AsyncIterable<Uint8Array> | Readable, name: string, truncated: () => boolean = () => false): Promise<StagedEvidence> {
    const staging = path.join(this.directory, '.staging');
    await fs.promises.mkdir(staging, { recursive: true });
    const stagingPath = path.join(staging, randomUUID());
    const hash = createHash('sha256');
    const heads: Buffer[] = [];
    let headLength = 0;
    let size = 0;
    const out = await fs.promises.open(stagingPath, 'wx', 0o600);
    try {
      for await (const piece of source) {
        const chunk = Buffer.from(piece);
        if (headLength < EVIDENCE_HEAD_BYTES) {
          heads.push(chunk.subarray(0, EVIDENCE_HEAD_BYTES - headLength));
          headLength += Math.min(chunk.length, EVIDENCE_HEAD_BYTES - headLength);
        }
        size += chunk.length;
        if (size > MAX_EVIDENCE_BYTES) continue;
        hash.update(chunk);
        await out.write(chunk);
      }
    } catch (error) {
      await out.close();
      await fs.promises.rm(stagingPath, { force: true });
      throw error;
    }
    await out.close();
    return { stagingPath, name, sha256: hash.digest('hex'), size: Math.min(size, MAX_EVIDENCE_BYTES + 1), head: Buffer.concat(heads), tooLarge: size > MAX_EVIDENCE_BYTES || truncated() };
  }

  /** Moves a staged file to its place, unless the same bytes are already stored. */
  async keep(staged: StagedEvidence): Promise<void> {
    const target = this.pathOf(staged.sha256);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) await fs.promises.rm(staged.stagingPath, { force: true });
    else await fs.promises.rename(staged.stagingPath, target);
  }

  /** Removes the staging file; nothing if it was kept. */
  async discard(staged: StagedEvidence): Promise<void> {
    await fs.promises.rm(staged.stagingPath, { force: true });
  }

  /** The stored bytes of a file, to stream to a reader. */
  open(sha256: string): fs.ReadStream {
    const file = this.pathOf(sha256);
    if (!fs.existsSync(file)) throw notFound('The evidence file');
    return fs.createReadStream(file);
  }

  private pathOf(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error(`Not a SHA-256: ${sha256}`);
    return path.join(this.directory, sha256.slice(0, 2), sha256);
  }
}
