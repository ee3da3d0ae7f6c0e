import type { DomainEvent } from '@steerlog/domain';
import { EventMeta, fold, PersonalSubject, Slug, upcast, UpcastError } from '@steerlog/domain';
import { StringDecoder } from 'node:string_decoder';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Db } from './db/connect.js';
import type { Database, EventRow } from './db/schema.js';
import { ImportAdmission } from './admit.js';
import type { SignedCheckpoint } from './checkpoints.js';
import { insertCheckpoint, listCheckpoints, SignedCheckpointLine, signatureHolds } from './checkpoints.js';
import { StoreError } from './errors.js';
import type { VerifyResult } from './hash-chain.js';
import { GENESIS_HASH, rowOfEnvelope, verifyChain } from './hash-chain.js';
import { keySubject, opens, sealedName } from './personal-data.js';
import type { Head } from './log.js';
import { emptyHead, readProgramme, readRowsAfter } from './log.js';
import type { PersonalDataVault } from './personal-data.js';
import { project, rowsOf } from './projection.js';
import { readProjectedState } from './read-models/read.js';
import { evidenceFileLines, firstBadEvidence } from './evidence.js';
import { admitFileLine, FileLines } from './evidence-import.js';

/**
 * What the operations that write around the command path need: the database, the vault, and
 * the caches to drop afterwards (a running server passes its store).
 */
export type Writable = {
  db: Db;
  vault: PersonalDataVault;
  invalidate: (programmeId?: string) => void;
  /** Re-reads the chain head after events were written outside the command path. */
  reopen: () => Promise<void>;
};

const BATCH = 5000;

/**
 * Share of one core the background check may take: it rests three times as long as each page
 * took. Measured under a read load: yielding one event-loop turn per page left the check at about
 * a sixth of the server's time, and GET state at 0.23x of a bare route while it ran.
 */
const BACKGROUND_REST = 3;

/**
 * Walks the chain from `from` (default: position 1) and reports the first event that does not
 * hold. With `background`, it reads small pages and rests between them (see `BACKGROUND_REST`):
 * a full check after start must not hold up requests.
 */
export const verify = async (
  db: Kysely<Database>,
  options: { from?: Head; background?: boolean } = {},
): Promise<VerifyResult> => {
  const chain = await verifyLog(db, options);
  // Evidence files are checked up to where the chain holds: the first bad event of either counts.
  const file = await firstBadEvidence(db, options.from?.position ?? 0, chain.ok ? undefined : chain.firstBadPosition);
  return file === null ? chain : { ok: false, firstBadPosition: file, checked: chain.checked };
};

const verifyLog = async (
  db: Kysely<Database>,
  options: { from?: Head; background?: boolean },
): Promise<VerifyResult> => {
  let start = options.from ?? emptyHead;
  let checked = 0;
  // In the background, small pages: each is hashed without yielding, and requests wait meanwhile.
  const page = options.background ? 500 : BATCH;
  for (;;) {
    const began = performance.now();
    const rows = await readRowsAfter(db, start.position, page);
    if (rows.length === 0) return { ok: true, checked };
    const result = verifyChain(rows, start);
    checked += result.checked;
    if (!result.ok) return { ok: false, firstBadPosition: result.firstBadPosition, checked };
    start = result.last;
    if (options.background) {
      const rest = (performance.now() - began) * BACKGROUND_REST;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, rest)));
    }
  }
};

const VERIFIED = 'verified';

/**
 * Verifies only what was appended since the last check that passed (its position is kept in the
 * database), so a start with a million events is not held up by the whole chain; the events
 * before it were verified then, and a full check follows in the background.
 */
export const verifySinceLastCheck = async (db: Kysely<Database>): Promise<VerifyResult & { from: number }> => {
  const mark = await db.selectFrom('checkpoints').select('position').where('name', '=', VERIFIED).executeTakeFirst();
  const position = Number(mark?.position ?? 0);
  const row =
    position === 0
      ? undefined
      : await db.selectFrom('events').select('hash').where('position', '=', position).executeTakeFirst();
  // The last verified event is gone: the log was cut short behind our back. Check it all.
  const from: Head = row ? { position, hash: row.hash } : emptyHead;
  const result = await verify(db, { from });
  if (result.ok) await recordVerified(db, from.position + result.checked);
  return { ...result, from: from.position };
};

/** Remembers that the chain up to `position` has been verified. */
export const recordVerified = async (db: Kysely<Database>, position: number) => {
  await db
    .insertInto('checkpoints')
    .values({ name: VERIFIED, position })
    .onConflict((oc) => oc.column('name').doUpdateSet({ position }))
    .execute();
};

/** One stored event as an export line: the stored bytes (ciphertext included), so hashes still verify. */
const exportLine = (r: EventRow) =>
  JSON.stringify({
    position: Number(r.position),
    programmeId: r.programme_id,
    version: Number(r.version),
    id: r.id,
    type: r.type,
    schemaVersion: r.schema_version,
    occurredAt: r.occurred_at,
    recordedAt: r.recorded_at,
    actor: r.actor,
    data: JSON.parse(r.data) as unknown,
    meta: JSON.parse(r.meta) as unknown,
    hash: r.hash,
  });

/** NDJSON lines: every event in position order, then every signed checkpoint, then the key of every person-subject not erased. */
export async function* exportLines(db: Kysely<Database>, vault: PersonalDataVault): AsyncGenerator<string> {
  let after = 0;
  for (;;) {
    const rows = await readRowsAfter(db, after, BATCH);
    if (rows.length === 0) break;
    for (const r of rows) yield `${exportLine(r)}\n`;
    after = rows[rows.length - 1]!.position;
  }
  // Evidence files follow the events that name them.
  yield* evidenceFileLines(db);
  // Signed checkpoints travel with the log: an import checks each against the chain it carries.
  for (const c of await listCheckpoints(db)) yield `${JSON.stringify({ kind: 'checkpoint', ...c })}\n`;
  for (const k of vault.exportable()) yield `${JSON.stringify({ kind: 'key', ...k })}\n`;
}

/** An instant exactly as the server writes one (`Date.toISOString`): a real date, not just its shape. */
const StoredInstant = z
  .string()
  .refine((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString() === s, 'not a real date-time');

const EventLine = z.strictObject({
  position: z.number().int().positive(),
  programmeId: Slug,
  version: z.number().int().positive(),
  id: z.uuid(),
  type: z.string(),
  schemaVersion: z.number().int().positive(),
  occurredAt: StoredInstant,
  recordedAt: StoredInstant,
  actor: z.string().min(1).max(200),
  data: z.record(z.string(), z.unknown()),
  // Checked against the meta the domain reads; stored as given, since the hash covers its bytes.
  meta: z.record(z.string(), z.unknown()).pipe(EventMeta.loose()),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
const KeyLine = z.strictObject({
  kind: z.literal('key'),
  programmeId: z.string(),
  // `#N`: the Nth key of a subject, made when someone was named under it after an erasure.
  subject: z.string().refine((v) => {
    const [subject = '', generation] = v.split('#');
    return PersonalSubject.test(subject) && (generation === undefined || /^[1-9][0-9]{0,5}$/.test(generation));
  }, 'not a person-subject'),
  key: z.base64(),
});

/**
 * The lines of a byte stream (an NDJSON file or request body), one at a time, without ever holding
 * the whole text; `onBytes` hears how many bytes have been read. Errors of the stream propagate.
 */
export async function* ndjsonLines(
  input: AsyncIterable<Buffer | string>,
  onBytes?: (bytes: number) => void,
): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let bytes = 0;
  for await (const chunk of input) {
    bytes += chunk.length;
    onBytes?.(bytes);
    rest += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let nl = rest.indexOf('\n');
    while (nl !== -1) {
      yield rest.slice(0, nl).replace(/\r$/, '');
      rest = rest.slice(nl + 1);
      nl = rest.indexOf('\n');
    }
  }
  rest += decoder.end();
  if (rest !== '') yield rest;
}

/** Refuses an import into a store that holds events (before any of the file is read). */
export const requireEmptyStore = async (db: Kysely<Database>) => {
  const row = await db.selectFrom('events').select('position').limit(1).executeTakeFirst();
  if (row) throw new StoreError('store_not_empty', 'import goes into an empty store only');
};

export type ImportOptions = {
  now?: Date;
  /** Called every 1,000 lines and at the end, with the number of lines read so far. */
  onProgress?: (lines: number) => void;
};

/**
 * Loads an export into an empty store, all or nothing: every line is checked (shape, real dates,
 * gap-free positions and versions, the hash chain, that this server can read the event, that the
 * domain would have recorded it in that order, that a key opens the names sealed under it) and
 * the first bad one rejects the file, by number. Lines are read one at a time from `lines`, so a
 * stream is never held as one string; nothing is written until the last line has passed.
 */
export const importLines = async (
  w: Writable,
  lines: AsyncIterable<string> | Iterable<string>,
  given: ImportOptions | Date = {},
) => {
  const { db, vault } = w;
  const options = given instanceof Date ? { now: given } : given;
  const now = options.now ?? new Date();
  await requireEmptyStore(db.kysely);
  const admission = new ImportAdmission(now.toISOString());
  const rows: EventRow[] = [];
  const keys: z.infer<typeof KeyLine>[] = [];
  const checkpoints: SignedCheckpoint[] = [];
  const versions = new Map<string, number>();
  /** The ciphertext of every name in the file, by stored subject: what each key line must open. */
  const sealed = new Map<string, string[]>();
  let chain = { position: 0, hash: GENESIS_HASH };
  const files = new FileLines();
  let n = 0;
  for await (const raw of lines) {
    n++;
    if (n % 1000 === 0) options.onProgress?.(n);
    if (raw.trim() === '') continue;
    const bad = (why: string): never => {
      throw new StoreError('import_invalid', `line ${n}: ${why}`);
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      bad('not valid JSON');
    }
    if (typeof parsed === 'object' && parsed !== null && 'kind' in parsed && parsed.kind === 'file') {
      if (keys.length > 0 || checkpoints.length > 0) bad('a file after the key or checkpoint lines');
      admitFileLine(files, parsed, bad);
      continue;
    }
    if (typeof parsed === 'object' && parsed !== null && 'kind' in parsed && parsed.kind === 'checkpoint') {
      const { kind: _kind, ...fields } = parsed as Record<string, unknown>;
      const line = SignedCheckpointLine.safeParse(fields);
      if (!line.success) bad(`not a checkpoint line: ${line.error.issues[0]?.message ?? ''}`);
      const c = line.data!;
      if (!signatureHolds(c.publicKey, c))
        bad(`the checkpoint at position ${c.position} is not signed by the key it names`);
      const at = rows[c.position - 1];
      if (!at) bad(`the checkpoint at position ${c.position} is beyond the file's last event`);
      if (at!.hash !== c.hash)
        bad(
          `the checkpoint signed at position ${c.position} does not match the chain: the history was rewritten after it was signed`,
        );
      checkpoints.push(c);
      continue;
    }
    if (typeof parsed === 'object' && parsed !== null && 'kind' in parsed) {
      const key = KeyLine.safeParse(parsed);
      if (!key.success) bad(`not a key line: ${key.error.issues[0]?.message ?? ''}`);
      const k = key.data!;
      if (!(sealed.get(keySubject(k.programmeId, k.subject)) ?? []).every((name) => opens(k.key, name)))
        bad(`the key of ${k.subject} does not open the names sealed under it`);
      keys.push(k);
      continue;
    }
    if (keys.length > 0 || checkpoints.length > 0 || files.size > 0)
      bad('an event after the file, key or checkpoint lines');
    const line = EventLine.safeParse(parsed);
    if (!line.success)
      bad(`not an event: ${line.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const e = line.data!;
    const row: EventRow = { ...rowOfEnvelope(e), hash: e.hash };
    if (e.version !== (versions.get(e.programmeId) ?? 0) + 1)
      bad(`version ${e.version} of ${e.programmeId} is not the next one`);
    const checked = verifyChain([row], chain);
    if (!checked.ok) bad(`position ${e.position}: hash chain broken (edited, reordered or missing event)`);
    // Checked here, not when projecting: a file this server cannot read must leave nothing behind.
    let event: DomainEvent | undefined;
    try {
      event = upcast(e.type, e.schemaVersion, e.data);
    } catch (error) {
      if (!(error instanceof UpcastError)) throw error;
      bad(`position ${e.position}: ${error.message}`);
    }
    if (!event) return bad(`position ${e.position}: unreadable`);
    const refused = admission.admit(e, event);
    if (refused !== null) bad(`position ${e.position}: ${refused}`);
    const name = sealedName(e.type, e.data);
    if (name) {
      const subject = keySubject(e.programmeId, name.subject);
      const names = sealed.get(subject) ?? [];
      names.push(name.sealed);
      sealed.set(subject, names);
    }
    if (event.type === 'EvidenceAttached') files.cite(event.data.sha256, n);
    versions.set(e.programmeId, e.version);
    chain = checked.last;
    rows.push(row);
  }
  options.onProgress?.(n);
  const missing = files.firstMissing();
  if (missing)
    throw new StoreError(
      'import_invalid',
      `line ${missing.line}: cites evidence file ${missing.sha256}, which the file does not carry`,
    );
  const at = now.toISOString();
  await db.write(async (trx) => {
    await files.insert(trx, now);
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('events')
        .values(rows.slice(i, i + 500))
        .execute();
    for (const c of checkpoints) await insertCheckpoint(trx, c);
    for (const k of keys)
      await trx
        .insertInto('personal_keys')
        .values({ subject: keySubject(k.programmeId, k.subject), key: k.key, created_at: at, erased_at: null })
        .execute();
    // Names sealed under no key line were erased before the export. They stay erased here, so that
    // a later name for the same person is recorded erased, not sealed under a fresh key.
    const keyed = new Set(keys.map((k) => keySubject(k.programmeId, k.subject)));
    for (const subject of sealed.keys())
      if (!keyed.has(subject))
        await trx.insertInto('personal_keys').values({ subject, key: null, created_at: at, erased_at: at }).execute();
  });
  await vault.load(db.kysely);
  await w.reopen();
  for (const programmeId of versions.keys()) await projectProgramme(w, programmeId);
  return { events: rows.length, keys: keys.length, checkpoints: checkpoints.length };
};

/** Refolds one programme from its log and writes its read models over what they held. */
export const projectProgramme = async (w: Writable, programmeId: string) => {
  const { vault } = w;
  await w.db.write(async (trx) => {
    // Read afresh, not from a cache: names cached before an erasure are decrypted.
    const events = await readProgramme(trx, vault, programmeId);
    const last = events[events.length - 1];
    if (!last) return;
    const projected = await readProjectedState(trx, programmeId, vault);
    await project(trx, projected && rowsOf(projected), fold(events), last.recordedAt, vault);
  });
  w.invalidate(programmeId);
};

/**
 * Destroys a person-subject's key. Every read, report, export and replay then shows `[erased]`
 * for that name; the stored ciphertext, and so the hash chain, are untouched.
 */
export const erasePersonalData = async (w: Writable, programmeId: string, subject: string) => {
  if (!PersonalSubject.test(subject) || !w.vault.has(programmeId, subject))
    throw new StoreError('unknown_subject', `no personal data is held for ${subject} in ${programmeId}`);
  const at = new Date().toISOString();
  await w.vault.erase(w.db.kysely, programmeId, subject, at);
  // Names cached in memory were decrypted before the key went.
  w.invalidate(programmeId);
  await projectProgramme(w, programmeId);
};
