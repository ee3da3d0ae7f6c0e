import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from './db/schema.js';
import { sha256Of } from './evidence.js';

const FileLine = z.strictObject({
  kind: z.literal('file'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  base64: z.base64(),
});

/** The evidence files of an import: the bytes each file line carries, and the line of the first event citing each. */
export class FileLines {
  private readonly contents = new Map<string, Buffer>();
  private readonly cited = new Map<string, number>();

  get size() {
    return this.contents.size;
  }

  add(sha256: string, content: Buffer) {
    this.contents.set(sha256, content);
  }

  cite(sha256: string, line: number) {
    if (!this.cited.has(sha256)) this.cited.set(sha256, line);
  }

  /** The first event line whose file no file line carried. */
  firstMissing(): { sha256: string; line: number } | undefined {
    for (const [sha256, line] of this.cited) if (!this.contents.has(sha256)) return { sha256, line };
    return undefined;
  }

  async insert(trx: Kysely<Database>, now: Date) {
    for (const [sha256, content] of this.contents)
      await trx
        .insertInto('evidence_files')
        .values({ sha256, content, bytes: content.byteLength, stored_at: now.toISOString() })
        .execute();
  }
}

/** Checks one `{"kind": "file"}` line: its bytes must hash to the name it gives them. */
export const admitFileLine = (files: FileLines, parsed: unknown, bad: (why: string) => never) => {
  const line = FileLine.safeParse(parsed);
  if (!line.success) bad(`not a file line: ${line.error.issues[0]?.message ?? ''}`);
  const { sha256, base64 } = line.data;
  const content = Buffer.from(base64, 'base64');
  if (sha256Of(content) !== sha256) bad(`the file's bytes do not hash to ${sha256}`);
  files.add(sha256, content);
};
