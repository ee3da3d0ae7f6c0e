import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Role } from '@steerlog/domain';
import type { Kysely, Selectable } from 'kysely';
import type { Grant } from './access.js';
import { checkGrant } from './access.js';
import { compiledOnce } from './db/compiled.js';
import type { Database, TokensTable } from './db/schema.js';

export type Principal = Grant & { tokenId: string; name: string };

export type TokenRecord = Grant & {
  id: string;
  name: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
};

export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** How often a token's `last_used_at` is written: a busy display must not mean a write per request. */
const LAST_USE_EVERY_MS = 60_000;

const selectActiveToken = compiledOnce<'digest', Selectable<TokensTable>>((db, param) =>
  db.selectFrom('tokens').selectAll().where('token_hash', '=', param('digest')).where('revoked_at', 'is', null),
);

/**
 * Bearer tokens. Only a SHA-256 of each token is stored: a copy of the database gives no one a
 * way in. Tokens are 256 random bits, so a fast hash is enough (no password stretching needed).
 * Each token carries one grant (see `checkGrant`): a role, optionally bound to one programme.
 */
export class Tokens {
  private readonly lastWritten = new Map<string, number>();
  /** Principals read in the last `holdMs`, by token digest (see `authenticate`). */
  private readonly held = new Map<string, { principal: Principal; until: number }>();
  private readonly holdMs: number;
  /** Counts revocations through this object, so a lookup that raced one is not held. */
  private revocations = 0;

  /**
   * `holdMs`: how long a principal read from the database answers for its token without asking
   * again (0, the default, asks every time). A revocation through this object drops it at once;
   * one made by another process or object is seen within `holdMs`.
   */
  constructor(
    private readonly db: Kysely<Database>,
    options: { holdMs?: number } = {},
  ) {
    this.holdMs = options.holdMs ?? 0;
  }

  async create(input: {
    role: Role;
    name: string;
    programmeId?: string | null | undefined;
    partnerId?: string | null | undefined;
  }): Promise<{ token: string; principal: Principal }> {
    const grant = await checkGrant(this.db, input);
    const token = `slg_${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    await this.db
      .insertInto('tokens')
      .values({
        id,
        name: input.name,
        role: grant.role,
        partner_id: grant.partnerId,
        programme_id: grant.programmeId,
        token_hash: hashSecret(token),
        created_at: new Date().toISOString(),
        revoked_at: null,
        last_used_at: null,
      })
      .execute();
    return { token, principal: { tokenId: id, name: input.name, ...grant } };
  }

  async authenticate(token: string, now = Date.now()): Promise<Principal | null> {
    const digest = hashSecret(token);
    const held = this.held.get(digest);
    let principal: Principal;
    if (held && now < held.until) principal = held.principal;
    else {
      this.held.delete(digest);
      const revocations = this.revocations;
      // Asked on every request without a hold: compiled once rather than built per request.
      const [row] = (await selectActiveToken(this.db, { digest })).rows;
      // The lookup is by digest already; comparing again in constant time keeps timing flat either way.
      if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(digest, 'hex'))) return null;
      principal = {
        tokenId: row.id,
        name: row.name,
        role: row.role as Role,
        programmeId: row.programme_id,
        partnerId: row.partner_id,
      };
      // Only tokens found are held: a token created by another process works at once.
      if (this.holdMs > 0 && revocations === this.revocations) this.hold(digest, principal, now);
    }
    if (now - (this.lastWritten.get(principal.tokenId) ?? 0) >= LAST_USE_EVERY_MS) {
      this.lastWritten.set(principal.tokenId, now);
      await this.db
        .updateTable('tokens')
        .set({ last_used_at: new Date(now).toISOString() })
        .where('id', '=', principal.tokenId)
        .execute();
    }
    return principal;
  }

  private hold(digest: string, principal: Principal, now: number) {
    // Expired holds are dropped now and then, so tokens seen once do not stay in memory.
    if (this.held.size >= 1000) for (const [d, h] of this.held) if (h.until <= now) this.held.delete(d);
    this.held.set(digest, { principal, until: now + this.holdMs });
  }

  /** Whether the token with this id is still in force (the live hub asks, to close revoked sockets). */
  async active(id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('tokens')
      .select('id')
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }

  async find(id: string): Promise<TokenRecord | undefined> {
    return (await this.list(id))[0];
  }

  /** Every token (or the one with `id`), oldest first, without its digest. */
  async list(id?: string): Promise<TokenRecord[]> {
    let query = this.db
      .selectFrom('tokens')
      .select(['id', 'name', 'role', 'programme_id', 'partner_id', 'created_at', 'revoked_at', 'last_used_at'])
      .orderBy('created_at');
    if (id !== undefined) query = query.where('id', '=', id);
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role as Role,
      programmeId: r.programme_id,
      partnerId: r.partner_id,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
      lastUsedAt: r.last_used_at,
    }));
  }

  async revoke(id: string): Promise<boolean> {
    // Dropped before the write, and lookups under way are not held: no request is answered from
    // the hold once revocation began.
    this.revocations++;
    for (const [digest, h] of this.held) if (h.principal.tokenId === id) this.held.delete(digest);
    const result = await this.db
      .updateTable('tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
