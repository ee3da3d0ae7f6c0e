import { randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';
import { hashSecret } from './tokens.js';

export type User = { id: string; email: string; name: string };
export type UserRecord = User & { issuer: string; createdAt: string; lastSeenAt: string };

/**
 * People who signed in through OpenID Connect, their sessions, and the sign-ins under way.
 * Like tokens, a session is known to the database by the SHA-256 of its cookie only.
 */
export class Sessions {
  constructor(private readonly db: Kysely<Database>) {}

  /** Records a sign-in: the person (by issuer and subject; name and e-mail as the provider says now). */
  async upsertUser(input: { issuer: string; subject: string; email: string; name: string }): Promise<User> {
    const now = new Date().toISOString();
    const email = input.email.trim().toLowerCase();
    const existing = await this.db
      .selectFrom('users')
      .select('id')
      .where('issuer', '=', input.issuer)
      .where('subject', '=', input.subject)
      .executeTakeFirst();
    if (existing) {
      await this.db
        .updateTable('users')
        .set({ email, name: input.name, last_seen_at: now })
        .where('id', '=', existing.id)
        .execute();
      return { id: existing.id, email, name: input.name };
    }
    const id = randomUUID();
    await this.db
      .insertInto('users')
      .values({
        id,
        issuer: input.issuer,
        subject: input.subject,
        email,
        name: input.name,
        created_at: now,
        last_seen_at: now,
      })
      .execute();
    return { id, email, name: input.name };
  }

  async users(): Promise<UserRecord[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('email').execute();
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      issuer: r.issuer,
      createdAt: r.created_at,
      lastSeenAt: r.last_seen_at,
    }));
  }

  /** A new session for `userId`; the returned `cookie` is its only copy. Sessions ended a day ago are deleted. */
  async open(userId: string, ttlMs: number, now = Date.now()) {
    await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<', new Date(now - 86_400_000).toISOString())
      .execute();
    const cookie = randomBytes(32).toString('base64url');
    const csrfSecret = randomBytes(18).toString('base64url');
    await this.db
      .insertInto('sessions')
      .values({
        id_hash: hashSecret(cookie),
        user_id: userId,
        csrf_secret: csrfSecret,
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + ttlMs).toISOString(),
        revoked_at: null,
      })
      .execute();
    return { cookie, id: hashSecret(cookie), csrfSecret };
  }

  /** The session of a cookie, with its person, unless it expired or was ended. */
  async find(cookie: string, now = Date.now()) {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id_hash',
        'sessions.csrf_secret',
        'sessions.expires_at',
        'users.id',
        'users.email',
        'users.name',
      ])
      .where('sessions.id_hash', '=', hashSecret(cookie))
      .where('sessions.revoked_at', 'is', null)
      .executeTakeFirst();
    if (!row || Date.parse(row.expires_at) <= now) return null;
    return {
      id: row.id_hash,
      csrfSecret: row.csrf_secret,
      expiresAt: row.expires_at,
      user: { id: row.id, email: row.email, name: row.name },
    };
  }

  /** Whether the session (by its id, the cookie's hash) is still in force. */
  async active(id: string, now = Date.now()): Promise<boolean> {
    const row = await this.db
      .selectFrom('sessions')
      .select('expires_at')
      .where('id_hash', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined && Date.parse(row.expires_at) > now;
  }

  async close(id: string) {
    await this.db
      .updateTable('sessions')
      .set({ revoked_at: new Date().toISOString() })
      .where('id_hash', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Remembers a sign-in sent to the provider, under its `state`; ones older than `maxAgeMs` are deleted. */
  async begin(input: { state: string; codeVerifier: string; nonce: string; returnTo: string }, maxAgeMs: number) {
    await this.db
      .deleteFrom('auth_requests')
      .where('created_at', '<', new Date(Date.now() - maxAgeMs).toISOString())
      .execute();
    await this.db
      .insertInto('auth_requests')
      .values({
        state: input.state,
        code_verifier: input.codeVerifier,
        nonce: input.nonce,
        return_to: input.returnTo,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  /**
   * Takes the sign-in of `state` out, so a callback can be used once only. One older than
   * `maxAgeMs` counts as gone.
   */
  async take(state: string, maxAgeMs: number, now = Date.now()) {
    const row = await this.db.selectFrom('auth_requests').selectAll().where('state', '=', state).executeTakeFirst();
    if (!row) return null;
    const deleted = await this.db.deleteFrom('auth_requests').where('state', '=', state).executeTakeFirst();
    await this.db
      .deleteFrom('auth_requests')
      .where('created_at', '<', new Date(now - maxAgeMs).toISOString())
      .execute();
    // Two callbacks racing with one state: only the one whose delete took the row goes on.
    if (Number(deleted.numDeletedRows) === 0 || now - Date.parse(row.created_at) > maxAgeMs) return null;
    return { codeVerifier: row.code_verifier, nonce: row.nonce, returnTo: row.return_to };
  }
}
