import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';

export const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Stores a file under the SHA-256 of its bytes (once: the same file uploaded twice is one row)
 * and returns that hash. Runs before the `EvidenceAttached` event is appended, so an event never
 * names a file that is not there; a file with no event is harmless and names nothing.
 */
export const storeEvidenceFile = async (db: Kysely<Database>, content: Uint8Array, now: Date) => {
  const sha256 = sha256Of(content);
  await db
    .insertInto('evidence_files')
    .values({ sha256, content, bytes: content.byteLength, stored_at: now.toISOString() })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  return sha256;
};

/** The stored bytes of a file, or null. */
export const readEvidenceFile = async (db: Kysely<Database>, sha256: string): Promise<Buffer | null> => {
  const row = await db.selectFrom('evidence_files').select('content').where('sha256', '=', sha256).executeTakeFirst();
  return row ? Buffer.from(row.content) : null;
};

/** The `EvidenceAttached` events with position in (`after`, `upTo`], oldest first: position and the hash they name. */
const attachedBetween = async (db: Kysely<Database>, after: number, upTo: number | undefined) =>
  (
    await db
      .selectFrom('events')
      .select(['position', 'data'])
      .where('type', '=', 'EvidenceAttached')
      .where('position', '>', after)
      .$if(upTo !== undefined, (q) => q.where('position', '<=', upTo!))
      .orderBy('position')
      .execute()
  ).map((r) => ({ position: Number(r.position), sha256: String((JSON.parse(r.data) as { sha256: unknown }).sha256) }));

/**
 * The position of the first `EvidenceAttached` event (after `after`, up to `upTo` when given) whose file is
 * gone or whose bytes no longer hash to what the event recorded, or null when every one holds.
 * The event's hash chain covers the recorded SHA-256, so a file changed on disk shows here.
 */
export const firstBadEvidence = async (db: Kysely<Database>, after = 0, upTo?: number) => {
  const seen = new Map<string, boolean>();
  for (const { position, sha256 } of await attachedBetween(db, after, upTo)) {
    let holds = seen.get(sha256);
    if (holds === undefined) {
      const content = await readEvidenceFile(db, sha256);
      holds = content !== null && sha256Of(content) === sha256;
      seen.set(sha256, holds);
    }
    if (!holds) return position;
  }
  return null;
};

/** Every stored file, as export lines (`{"kind": "file", "sha256", "base64"}`), one file at a time. */
export async function* evidenceFileLines(db: Kysely<Database>): AsyncGenerator<string> {
  const hashes = await db.selectFrom('evidence_files').select('sha256').orderBy('sha256').execute();
  for (const { sha256 } of hashes) {
    const content = await readEvidenceFile(db, sha256);
    if (content) yield `${JSON.stringify({ kind: 'file', sha256, base64: content.toString('base64') })}\n`;
  }
}
