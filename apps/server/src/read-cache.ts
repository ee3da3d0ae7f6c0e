import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A serialised answer, split where the request's own "now" goes (see `ReadCache.serve`). */
type Entry = { etag: string; parts: Buffer[]; type: string; headers: Record<string, string>; bytes: number };

export type Produced = { body: string; type: string; headers?: Record<string, string> };

/**
 * Answers of reads for an unchanged programme, kept serialised: a GET of the same state or report
 * at the same programme version (on the same day: statuses such as "overdue" depend on the date)
 * sends the bytes it sent before, or `304 Not Modified` to a client that holds them
 * (`If-None-Match`). Only the instants that mean "now" (the state's `knownAt`, say) change from
 * one request to the next: the producer writes `ReadCache.now` where they go, and each answer
 * fills in its own time. The ETag is weak for that reason. The parts are kept encoded, so an answer
 * is a copy of bytes rather than a join and a UTF-8 encoding of a large string on every request.
 */
/** The parts with the instant between each two. */
const withNow = (parts: Buffer[], at: Date): Buffer => {
  if (parts.length === 1) return parts[0]!;
  const now = Buffer.from(at.toISOString());
  const joined: Buffer[] = [];
  for (const [i, part] of parts.entries()) {
    if (i > 0) joined.push(now);
    joined.push(part);
  }
  return Buffer.concat(joined);
};

export class ReadCache {
  /** Stands for the request's time in a produced body; unguessable, so no user text can contain it. */
  readonly now = `steerlog-now-${randomUUID()}`;
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Bumped when names are erased: bodies made before then may hold them. */
  private generation = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  /**
   * Sends the answer for `key` at `version`, from the cache or from `produce` (which is told the
   * placeholder for now and must return a body using it wherever the current instant belongs).
   */
  async serve(
    req: FastifyRequest,
    reply: FastifyReply,
    scope: { programmeId: string; version: number; at: Date },
    key: string,
    produce: (now: string) => Promise<Produced>,
  ): Promise<FastifyReply> {
    const day = scope.at.toISOString().slice(0, 10);
    const full = `${scope.programmeId}\u0000${key}`;
    const etag = `W/"${scope.version}-${day}-${this.generation}"`;
    let entry = this.entries.get(full);
    if (entry?.etag !== etag) {
      const produced = await produce(this.now);
      const parts = produced.body.split(this.now).map((part) => Buffer.from(part));
      entry = {
        etag,
        parts,
        type: produced.type,
        headers: produced.headers ?? {},
        bytes: parts.reduce((n, part) => n + part.length, 0),
      };
      this.remember(full, entry);
    } else {
      // Least recently used goes first: re-inserting moves it to the end.
      this.entries.delete(full);
      this.entries.set(full, entry);
    }
    void reply.headers(entry.headers).header('etag', entry.etag).header('cache-control', 'private, no-cache');
    if (req.headers['if-none-match'] === entry.etag) return reply.code(304).send();
    return reply.type(entry.type).send(withNow(entry.parts, scope.at));
  }

  private remember(key: string, entry: Entry) {
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.bytes;
      this.entries.delete(key);
    }
    // An answer bigger than the whole cache is sent but not kept.
    if (entry.bytes > this.maxBytes) return;
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  /** Forgets every answer: names in them may have been erased. */
  forgetAll() {
    this.generation++;
    this.entries.clear();
    this.bytes = 0;
  }
}
