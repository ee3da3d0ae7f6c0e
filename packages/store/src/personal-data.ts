import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { ERASED, personalDataFields } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import { compiledOnce } from './db/compiled.js';
import type { Database } from './db/schema.js';

const PREFIX = 'enc:v1:';
/** A name sealed under a later key of its subject (after an erasure): `enc:v2:GENERATION:iv:body`. */
const PREFIX_V2 = 'enc:v2:';

/** The stored subject of generation `g` of a subject's key: the first keeps the plain name. */
const generationSubject = (stored: string, g: number) => (g === 1 ? stored : `${stored}#${g}`);

/** The key generation a ciphertext was sealed under, and the rest of it (iv:body). */
const parseSealed = (sealed: string): { generation: number; body: string } | null => {
  if (sealed.startsWith(PREFIX)) return { generation: 1, body: sealed.slice(PREFIX.length) };
  if (!sealed.startsWith(PREFIX_V2)) return null;
  const rest = sealed.slice(PREFIX_V2.length);
  const colon = rest.indexOf(':');
  const generation = Number(rest.slice(0, colon));
  return Number.isInteger(generation) && generation > 1 ? { generation, body: rest.slice(colon + 1) } : null;
};

/**
 * Names of people are stored encrypted under a key per person-subject. Destroying a key erases
 * the name from every event, read model and export, while the ciphertext (and so the hash chain)
 * stays as it was.
 */
export class PersonalDataVault {
  /** subject -> key; null when erased. Keys are few (one per named person), so all are held. */
  private keys = new Map<string, Buffer | null>();
  /** subject -> its newest key generation (1 unless it was erased and named again). */
  private generations = new Map<string, number>();

  /**
   * Reads every key from the database into the vault. Merges rather than replaces: a load that
   * races a transaction creating a key must not drop that key, and keys are never deleted, only
   * erased (set to null), which the database row then says.
   */
  /** Keys created by the write transaction in progress, oldest first. */
  private uncommitted: string[] = [];

  /** A point to roll back to: keys created after it are forgotten by `rollbackTo`. */
  mark(): number {
    return this.uncommitted.length;
  }

  /** Forgets keys whose creation was rolled back, so no name is ever sealed under a key that was not stored. */
  rollbackTo(mark: number) {
    for (const stored of this.uncommitted.splice(mark)) {
      this.keys.delete(stored);
      const [subject = stored, g] = stored.split('#');
      if (g !== undefined && this.generations.get(subject) === Number(g)) this.generations.set(subject, Number(g) - 1);
    }
  }

  /** The write transaction committed: its keys are stored for good. */
  settle() {
    this.uncommitted = [];
  }

  async load(db: Kysely<Database>) {
    this.loadRows(await db.selectFrom('personal_keys').select(['subject', 'key']).execute());
  }

  /** Takes in the stored keys `rows` (all of them, as `load` reads them). */
  loadRows(rows: readonly { subject: string; key: string | null }[]) {
    for (const r of rows) {
      // Erasure is final: a load whose read began before an erasure must not bring the key back.
      if (this.keys.get(r.subject) === null) continue;
      this.keys.set(r.subject, r.key === null ? null : Buffer.from(r.key, 'base64'));
      this.noteGeneration(r.subject);
    }
  }

  private noteGeneration(stored: string) {
    const [subject = stored, g = '1'] = stored.split('#');
    if (Number(g) > (this.generations.get(subject) ?? 0)) this.generations.set(subject, Number(g));
  }

  /**
   * Encrypts the personal fields of `data` (a person's name and e-mail address share their
   * subject's key), creating the key inside `trx` when it is new. Keys belong to a programme:
   * two programmes may both have a partner called `council`.
   */
  async seal(trx: Kysely<Database>, programmeId: string, type: string, data: Record<string, unknown>, now: string) {
    const spec = personalDataFields[type as keyof typeof personalDataFields];
    const present = spec ? spec.fields.filter((f) => typeof data[f] === 'string') : [];
    if (!spec || present.length === 0) return data;
    const subject = keySubject(programmeId, spec.subject(data));
    let generation = this.generations.get(subject) ?? 1;
    // An erased key stays erased for the names sealed under it; the next person named under the
    // same subject (a new lead of that partner) gets a fresh key of their own.
    if (this.keys.get(generationSubject(subject, generation)) === null) generation++;
    const stored = generationSubject(subject, generation);
    let key = this.keys.get(stored);
    if (!key) {
      key = randomBytes(32);
      await insertKey(trx, { subject: stored, key: key.toString('base64'), created_at: now });
      // Held at once so the same transaction can read it back; `rollbackTo` forgets it again.
      this.keys.set(stored, key);
      this.generations.set(subject, generation);
      this.uncommitted.push(stored);
    }
    const sealed = { ...data };
    for (const f of present) sealed[f] = encrypt(key, data[f] as string, generation);
    return sealed;
  }

  /** False when stored `data` holds a name sealed under a key not loaded here (one another instance created). */
  hasKeyOf(programmeId: string, type: string, data: Record<string, unknown>) {
    const sealed = sealedName(type, data);
    return sealed === null || this.keys.has(keySubject(programmeId, sealed.subject));
  }

  has(programmeId: string, subject: string) {
    return this.keys.has(keySubject(programmeId, subject));
  }

  /** Destroys every key of a subject for good: from now on the names sealed under them read `[erased]`. */
  async erase(db: Kysely<Database>, programmeId: string, subject: string, now: string) {
    const base = keySubject(programmeId, subject);
    const newest = this.generations.get(base) ?? 1;
    for (let g = 1; g <= newest; g++) {
      const stored = generationSubject(base, g);
      if (this.keys.get(stored) === null) continue;
      await db.updateTable('personal_keys').set({ key: null, erased_at: now }).where('subject', '=', stored).execute();
      this.keys.set(stored, null);
    }
  }

  /** The plaintext of stored event data, with `[erased]` where a key was destroyed. */
  open(programmeId: string, type: string, data: Record<string, unknown>): Record<string, unknown> {
    const spec = personalDataFields[type as keyof typeof personalDataFields];
    if (!spec) return data;
    let opened: Record<string, unknown> | null = null;
    for (const f of spec.fields) {
      const value = data[f];
      const sealed = typeof value === 'string' ? parseSealed(value) : null;
      if (!sealed) continue;
      const key = this.keys.get(generationSubject(keySubject(programmeId, spec.subject(data)), sealed.generation));
      opened ??= { ...data };
      opened[f] = key ? decrypt(key, value as string) : ERASED;
    }
    return opened ?? data;
  }

  /**
   * A name as the read-model tables store it: ciphertext under the person-subject's key, with
   * the IV derived from the key and the name (HMAC), so the same name always seals to the same
   * bytes and a rebuild writes exactly what the incremental writer wrote. Equal names of one
   * subject are equal in the tables; nothing else is learnt without the key. `[erased]` (in
   * clear: it is no name) once the key is destroyed.
   */
  sealForReadModel(programmeId: string, subject: string, name: string): string {
    // A name still readable in a state is under the subject's newest key: older ones were erased.
    if (name === ERASED) return ERASED;
    const key = this.keys.get(this.newestKeySubject(programmeId, subject));
    if (key === null) return ERASED;
    // A name in a state always came through `seal`, which created its key: no key is a bug, and
    // writing the name in clear instead would break the promise the tables make.
    if (key === undefined) throw new Error(`no personal-data key for ${subject} in ${programmeId}`);
    const iv = createHmac('sha256', key).update(`steerlog-read-model-iv\0${name}`).digest().subarray(0, 12);
    return encryptWith(key, iv, name, READ_MODEL_PREFIX);
  }

  /** The name a read-model cell holds: decrypted, or `[erased]` when its key was destroyed. */
  openFromReadModel(programmeId: string, subject: string, stored: string): string {
    if (!stored.startsWith(READ_MODEL_PREFIX)) return stored;
    const key = this.keys.get(this.newestKeySubject(programmeId, subject));
    if (!key) return ERASED;
    try {
      return decryptWith(key, stored, READ_MODEL_PREFIX);
    } catch {
      // Sealed under an earlier key of the subject, since erased.
      return ERASED;
    }
  }

  /** The stored subject of a subject's newest key generation. */
  private newestKeySubject(programmeId: string, subject: string) {
    const base = keySubject(programmeId, subject);
    return generationSubject(base, this.generations.get(base) ?? 1);
  }

  /** The keys an export carries so an import can restore names; erased keys stay erased. */
  exportable(): { programmeId: string; subject: string; key: string }[] {
    return [...this.keys].flatMap(([stored, k]) => {
      if (!k) return [];
      const [programmeId = '', subject = ''] = stored.split('/');
      return [{ programmeId, subject, key: k.toString('base64') }];
    });
  }
}

export const keySubject = (programmeId: string, subject: string) => `${programmeId}/${subject}`;

/**
 * The person-subject (with `#GENERATION` for a key made after an erasure) and ciphertext of the
 * name stored event `data` seals, or null when it seals none.
 */
export const sealedName = (type: string, data: Record<string, unknown>): { subject: string; sealed: string } | null => {
  const spec = personalDataFields[type as keyof typeof personalDataFields];
  // Every field of one event is sealed under the same key: the first sealed one stands for them all.
  const value = spec?.fields.map((f) => data[f]).find((v) => typeof v === 'string' && parseSealed(v) !== null);
  const parsed = typeof value === 'string' ? parseSealed(value) : null;
  return spec && parsed
    ? { subject: generationSubject(spec.subject(data), parsed.generation), sealed: value as string }
    : null;
};

/** True when a base64 `key` opens `sealed`: an imported key must be the one its names were sealed under. */
export const opens = (key: string, sealed: string): boolean => {
  try {
    decrypt(Buffer.from(key, 'base64'), sealed);
    return true;
  } catch {
    return false;
  }
};

const encrypt = (key: Buffer, plaintext: string, generation: number) => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  // The first key keeps the original format, so every name stored before generations reads as it did.
  const prefix = generation === 1 ? PREFIX : `${PREFIX_V2}${generation}:`;
  return `${prefix}${iv.toString('base64')}:${body.toString('base64')}`;
};

const decrypt = (key: Buffer, sealed: string) => {
  const [ivText, bodyText] = (parseSealed(sealed)?.body ?? '').split(':');
  const iv = Buffer.from(ivText ?? '', 'base64');
  const body = Buffer.from(bodyText ?? '', 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
};

/** Read-model cells use their own prefix: their IV is derived, an event's is random. */
const READ_MODEL_PREFIX = 'enc:rm1:';

const encryptWith = (key: Buffer, iv: Buffer, plaintext: string, prefix: string) => {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${prefix}${iv.toString('base64')}:${body.toString('base64')}`;
};

const decryptWith = (key: Buffer, sealed: string, prefix: string) => {
  const [ivText, bodyText] = sealed.slice(prefix.length).split(':');
  const iv = Buffer.from(ivText ?? '', 'base64');
  const body = Buffer.from(bodyText ?? '', 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAuthTag(body.subarray(body.length - 16));
  return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
};

const insertKey = compiledOnce<'subject' | 'key' | 'created_at'>(
  (db, param) =>
    db
      .insertInto('personal_keys')
      .values({ subject: param('subject'), key: param('key'), created_at: param('created_at') }),
  { deferrable: true },
);
