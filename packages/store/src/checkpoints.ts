import type { KeyObject } from 'node:crypto';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import type { RecordedEvent } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Db } from './db/connect.js';
import type { Database } from './db/schema.js';
import type { Head } from './log.js';
import { readHead } from './log.js';

/** What the contract lists for each checkpoint. */
export type Checkpoint = { position: number; hash: string; signedAt: string; signature: string };
/** A checkpoint with the public key (PEM) that signed it. */
export type SignedCheckpoint = Checkpoint & { publicKey: string };

export const SignedCheckpointLine = z.strictObject({
  position: z.number().int().positive(),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  signedAt: z.iso.datetime(),
  signature: z.base64(),
  publicKey: z.string().startsWith('-----BEGIN PUBLIC KEY-----'),
});

/**
 * The bytes a checkpoint's signature covers. A fixed text with a version tag, so a signature made
 * for anything else can never pass as a checkpoint.
 */
export const checkpointMessage = (position: number, hash: string, signedAt: string) =>
  Buffer.from(`steerlog-checkpoint/v1\n${position}\n${hash}\n${signedAt}\n`, 'utf8');

/** A short name for a public key: the first 16 hex digits of the SHA-256 of its PEM. */
export const keyId = (publicKeyPem: string) => createHash('sha256').update(publicKeyPem).digest('hex').slice(0, 16);

/** True when `c.signature` is `publicKeyPem`'s Ed25519 signature over the checkpoint. */
export const signatureHolds = (publicKeyPem: string, c: Checkpoint): boolean => {
  try {
    return verify(
      null,
      checkpointMessage(c.position, c.hash, c.signedAt),
      createPublicKey(publicKeyPem),
      Buffer.from(c.signature, 'base64'),
    );
  } catch {
    return false;
  }
};

/** The server's Ed25519 signing key. */
export class SigningKey {
  readonly publicKeyPem: string;

  private constructor(private readonly key: KeyObject) {
    this.publicKeyPem = createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString();
  }

  /**
   * The PEM private key at `path`; created there (mode 0600, folder made) when it does not exist.
   * `wx` makes a second process that races the first fail instead of overwriting its key.
   */
  static loadOrCreate(path: string): SigningKey {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      try {
        writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    const key = createPrivateKey(readFileSync(path));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${path} is not an Ed25519 private key`);
    return new SigningKey(key);
  }

  get id() {
    return keyId(this.publicKeyPem);
  }

  sign(position: number, hash: string, signedAt: string): SignedCheckpoint {
    const signature = sign(null, checkpointMessage(position, hash, signedAt), this.key).toString('base64');
    return { position, hash, signedAt, signature, publicKey: this.publicKeyPem };
  }
}

/**
 * The side file: every checkpoint this server signed, one JSON line each, appended and fsynced
 * outside the database, so that a lost or damaged WAL cannot take the record of how far the log
 * had come along with it.
 */
export class CheckpointFile {
  constructor(readonly path: string) {}

  append(c: SignedCheckpoint) {
    mkdirSync(dirname(this.path), { recursive: true });
    const fd = openSync(this.path, 'a', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(c)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Every well-formed line; a torn last line (a crash mid-append) is skipped, not fatal. */
  read(): SignedCheckpoint[] {
    if (!existsSync(this.path)) return [];
    const out: SignedCheckpoint[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      try {
        const parsed = SignedCheckpointLine.safeParse(JSON.parse(line));
        if (parsed.success) out.push(parsed.data);
      } catch {
        // a torn line
      }
    }
    return out;
  }

  last(): SignedCheckpoint | undefined {
    return this.read().reduce<SignedCheckpoint | undefined>(
      (a, c) => (a === undefined || c.position > a.position ? c : a),
      undefined,
    );
  }

  /**
   * After an accepted truncation: the file is kept beside as `<file>.truncated-<time>` (evidence of
   * what was lost) and only the checkpoints the log still reaches stay in the live file.
   */
  cutTo(head: number, now = new Date()) {
    const all = this.read();
    renameSync(this.path, `${this.path}.truncated-${now.toISOString().replaceAll(':', '-')}`);
    for (const c of all) if (c.position <= head) this.append(c);
  }
}

const toCheckpoint = (r: {
  position: number;
  hash: string;
  signed_at: string;
  signature: string;
  public_key: string;
}): SignedCheckpoint => ({
  position: Number(r.position),
  hash: r.hash,
  signedAt: r.signed_at,
  signature: r.signature,
  publicKey: r.public_key,
});

/** Every signed checkpoint in the database, oldest first. */
export const listCheckpoints = async (db: Kysely<Database>): Promise<SignedCheckpoint[]> =>
  (await db.selectFrom('signed_checkpoints').selectAll().orderBy('position').execute()).map(toCheckpoint);

export const latestCheckpoint = async (db: Kysely<Database>): Promise<SignedCheckpoint | undefined> => {
  const row = await db
    .selectFrom('signed_checkpoints')
    .selectAll()
    .orderBy('position', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row && toCheckpoint(row);
};

export const insertCheckpoint = (db: Kysely<Database>, c: SignedCheckpoint) =>
  db
    .insertInto('signed_checkpoints')
    .values({
      position: c.position,
      hash: c.hash,
      signed_at: c.signedAt,
      signature: c.signature,
      public_key: c.publicKey,
    })
    .onConflict((oc) => oc.column('position').doNothing())
    .execute();

/** The stored hash of each of `positions` that the log holds. */
const hashesAt = async (db: Kysely<Database>, positions: readonly number[]) => {
  const out = new Map<number, string>();
  for (let i = 0; i < positions.length; i += 500) {
    const rows = await db
      .selectFrom('events')
      .select(['position', 'hash'])
      .where('position', 'in', positions.slice(i, i + 500))
      .execute();
    for (const r of rows) out.set(Number(r.position), r.hash);
  }
  return out;
};

export const Receipt = z
  .string()
  .regex(/^[1-9][0-9]{0,15}:[0-9a-f]{64}$/, 'a receipt is POSITION:HASH (64 lower-case hex digits)');

export type ReceiptVerdict = 'matches' | 'differs' | 'beyond-head';

export const parseReceipt = (text: string) => {
  const [position = '0', hash = ''] = Receipt.parse(text).split(':');
  return { position: Number(position), hash };
};

/** Whether the log still holds `hash` at `position`: the one check a copy of the log cannot fake. */
export const checkReceipt = async (
  db: Kysely<Database>,
  receipt: { position: number; hash: string },
): Promise<ReceiptVerdict> => {
  const stored = (await hashesAt(db, [receipt.position])).get(receipt.position);
  if (stored === undefined) return 'beyond-head';
  return stored === receipt.hash ? 'matches' : 'differs';
};

export type CheckpointFault = {
  position: number;
  problem: 'bad-signature' | 'differs' | 'beyond-head' | 'unknown-key';
};

export type CheckpointsVerdict = { ok: boolean; checked: number; faults: CheckpointFault[] };

/**
 * Checks signed checkpoints against the log: each signature must hold under the key it names and,
 * when `trusted` (a PEM public key held elsewhere) is given, be that key's; the log must still hold
 * the signed hash at the signed position. A history re-chained after a checkpoint fails here even
 * though it verifies as a chain.
 */
export const verifyCheckpoints = async (
  db: Kysely<Database>,
  checkpoints: readonly SignedCheckpoint[],
  trusted?: string,
): Promise<CheckpointsVerdict> => {
  const hashes = await hashesAt(
    db,
    checkpoints.map((c) => c.position),
  );
  const trustedId =
    trusted === undefined
      ? undefined
      : keyId(createPublicKey(trusted).export({ type: 'spki', format: 'pem' }).toString());
  const faults: CheckpointFault[] = [];
  for (const c of checkpoints) {
    if (!signatureHolds(c.publicKey, c)) faults.push({ position: c.position, problem: 'bad-signature' });
    else if (trustedId !== undefined && keyId(c.publicKey) !== trustedId)
      faults.push({ position: c.position, problem: 'unknown-key' });
    else if (!hashes.has(c.position)) faults.push({ position: c.position, problem: 'beyond-head' });
    else if (hashes.get(c.position) !== c.hash) faults.push({ position: c.position, problem: 'differs' });
  }
  return { ok: faults.length === 0, checked: checkpoints.length, faults };
};

export type SignReason = 'interval' | 'meeting' | 'demand';

export type CheckpointerOptions = {
  /** Sign at least every this many events (default 1,000). */
  every?: number | undefined;
  now?: () => Date;
};

/**
 * Signs the chain head after commits, off the command path: a commit only schedules the work, and
 * the signature is made in a transaction of its own, so no command waits for it or pays an fsync
 * for it. Inside the write lock the need is checked again against the database, so several
 * instances on one PostgreSQL database sign each checkpoint once between them.
 */
export class Checkpointer {
  readonly every: number;
  /** Highest position known to be signed (in the database, by anyone). */
  private signed = 0;
  private meetingClosedAt = 0;
  private queued = false;
  private running: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Hears of a signing that failed (it is retried at the next commit). */
  onError: (error: unknown) => void = () => {};

  constructor(
    private readonly db: Db,
    readonly key: SigningKey,
    readonly file: CheckpointFile,
    private readonly options: CheckpointerOptions = {},
  ) {
    this.every = options.every ?? 1000;
  }

  async start() {
    this.signed = (await latestCheckpoint(this.db.kysely))?.position ?? 0;
  }

  /** A commit listener: schedules a signature when the head is `every` past the last one, or a meeting closed. */
  onCommit(events: readonly RecordedEvent[]) {
    const last = events[events.length - 1];
    if (!last || this.closed) return;
    for (const e of events)
      if (e.type === 'MeetingClosed') this.meetingClosedAt = Math.max(this.meetingClosedAt, e.position);
    if (this.meetingClosedAt > this.signed || last.position - this.signed >= this.every) this.schedule();
  }

  /** Schedules a signature if `head` is already `every` past the last one (a log that grew unsigned). */
  catchUp(head: number) {
    if (head - this.signed >= this.every) this.schedule();
  }

  private schedule() {
    if (this.queued) return;
    this.queued = true;
    // After the current turn: the commit that triggered this is answered first.
    setImmediate(() => {
      this.queued = false;
      const reason: SignReason = this.meetingClosedAt > this.signed ? 'meeting' : 'interval';
      this.sign(reason).catch((error: unknown) => this.onError(error));
    });
  }

  /**
   * Signs the current head if `reason` still calls for it, and returns the latest checkpoint.
   * Runs one at a time in this process.
   */
  sign(reason: SignReason): Promise<SignedCheckpoint | undefined> {
    const run = this.running.then(() => this.signNow(reason));
    this.running = run.catch(() => undefined);
    return run;
  }

  private async signNow(reason: SignReason): Promise<SignedCheckpoint | undefined> {
    if (this.closed) return undefined;
    const made = await this.db.write(async (trx) => {
      const head: Head = await readHead(trx);
      const latest = await latestCheckpoint(trx);
      const signed = latest?.position ?? 0;
      const due =
        head.position > signed &&
        (reason === 'demand' ||
          (reason === 'meeting' && this.meetingClosedAt > signed) ||
          head.position - signed >= this.every);
      if (!due) return { checkpoint: latest, fresh: false };
      // Commands committed between the one that made a signature due and this transaction would
      // stretch the interval past `every`: sign the event `every` after the last checkpoint, and
      // go again for the rest.
      const at =
        reason === 'interval' && head.position - signed > this.every ? await eventAt(trx, signed + this.every) : head;
      if (at !== head && head.position - at.position >= this.every) this.schedule();
      const checkpoint = this.key.sign(at.position, at.hash, (this.options.now?.() ?? new Date()).toISOString());
      const inserted = await insertCheckpoint(trx, checkpoint);
      // Only the instance whose row went in keeps it in its side file.
      return { checkpoint, fresh: inserted.some((r) => Number(r.numInsertedOrUpdatedRows ?? 0) > 0) };
    });
    this.signed = Math.max(this.signed, made.checkpoint?.position ?? 0);
    if (made.fresh && made.checkpoint) this.file.append(made.checkpoint);
    return made.checkpoint;
  }

  /** Waits for a signing in progress; nothing is signed after this. */
  async close() {
    this.closed = true;
    await this.running;
  }
}

/** Where the key and side file go by default: beside the SQLite file, or in the data folder for PostgreSQL. */
export const defaultIntegrityPaths = (dbPath: string, postgres: boolean) => {
  const base = postgres ? `${dirname(dbPath)}/postgres` : dbPath;
  return { signingKey: `${base}.signing-key.pem`, checkpointFile: `${base}.checkpoints.ndjson` };
};

/** The store came back shorter than a checkpoint it had signed: events acknowledged before are gone. */
export class TruncatedStoreError extends Error {
  override name = 'TruncatedStoreError';
  constructor(
    readonly head: number,
    readonly checkpoint: SignedCheckpoint,
    readonly file: string,
  ) {
    super(
      `the store ends at position ${head}, but ${file} holds a checkpoint signed at position ${checkpoint.position} ` +
        `(${checkpoint.signedAt}): at least ${checkpoint.position - head} acknowledged events are missing ` +
        '(a lost or damaged -wal file, or an older copy of the database). Restore a backup, or start with ' +
        '--accept-truncation (STEERLOG_ACCEPT_TRUNCATION=1) to carry on from position ' +
        `${head}; the side file is then kept beside as evidence.`,
    );
  }
}

/** The log holds another hash at a position this server signed: the history was rewritten. */
export class RewrittenStoreError extends Error {
  override name = 'RewrittenStoreError';
  constructor(
    readonly position: number,
    readonly file: string,
  ) {
    super(
      `the log's hash at position ${position} is not the one ${file} holds a signed checkpoint for: ` +
        'the history was rewritten (or this is another store). Investigate before serving it; to start anew ' +
        'on purpose, move the side file away.',
    );
  }
}

/**
 * At start: the store must reach the last checkpoint of the side file, and hold the signed hash
 * at each checkpoint it reaches. A shorter store throws `TruncatedStoreError` unless
 * `acceptTruncation`; then the side file is cut to the head (and the rest kept aside).
 */
export const checkAgainstSideFile = async (
  db: Kysely<Database>,
  file: CheckpointFile,
  options: { acceptTruncation?: boolean } = {},
): Promise<{ truncated: number }> => {
  const all = file.read();
  if (all.length === 0) return { truncated: 0 };
  const head = (await readHead(db)).position;
  const last = all.reduce((a, c) => (c.position > a.position ? c : a));
  let truncated = 0;
  if (last.position > head) {
    if (!options.acceptTruncation) throw new TruncatedStoreError(head, last, file.path);
    truncated = last.position - head;
  }
  const reached = all.filter((c) => c.position <= head);
  const hashes = await hashesAt(
    db,
    reached.map((c) => c.position),
  );
  for (const c of reached) if (hashes.get(c.position) !== c.hash) throw new RewrittenStoreError(c.position, file.path);
  if (truncated > 0) file.cutTo(head);
  // Checkpoints the database lost with its WAL come back from the side file.
  for (const c of reached) await insertCheckpoint(db, c);
  return { truncated };
};

const eventAt = async (db: Kysely<Database>, position: number): Promise<Head> => {
  const row = await db
    .selectFrom('events')
    .select(['position', 'hash'])
    .where('position', '=', position)
    .executeTakeFirstOrThrow();
  return { position: Number(row.position), hash: row.hash };
};
