import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Role } from '@steerlog/domain';
import { roles } from '@steerlog/domain';
import type { Store } from './store.js';

export type Principal = { tokenId: string; name: string; role: Role; partnerId: string | null };

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Bearer tokens. Only a SHA-256 of each token is stored: a copy of the database gives no one a
 * way in. Tokens are 256 random bits, so a fast hash is enough (no password stretching needed).
 */
export class Tokens {
  constructor(private readonly store: Store) {}

  async create(input: {
    role: Role;
    name: string;
    partnerId?: string | null | undefined;
  }): Promise<{ token: string; principal: Principal }> {
    if (!roles.includes(input.role)) throw new Error(`unknown role ${String(input.role)}`);
    if (input.role === 'partner' && !input.partnerId) throw new Error('a partner token needs --partner PARTNER_ID');
    const token = `slg_${randomBytes(32).toString('base64url')}`;
    const id = randomUUID();
    const partnerId = input.role === 'partner' ? (input.partnerId ?? null) : null;
    await this.store.kysely
      .insertInto('tokens')
      .values({
        id,
        name: input.name,
        role: input.role,
        partner_id: partnerId,
        programme_id: null,
        token_hash: hashToken(token),
        created_at: new Date().toISOString(),
        revoked_at: null,
      })
      .execute();
    return { token, principal: { tokenId: id, name: input.name, role: input.role, partnerId } };
  }

  async authenticate(token: string): Promise<Principal | null> {
    const digest = hashToken(token);
    const row = await this.store.kysely
      .selectFrom('tokens')
      .selectAll()
      .where('token_hash', '=', digest)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    // The lookup is by digest already; comparing again in constant time keeps timing flat either way.
    if (!row || !timingSafeEqual(Buffer.from(row.token_hash, 'hex'), Buffer.from(digest, 'hex'))) return null;
    return { tokenId: row.id, name: row.name, role: row.role as Role, partnerId: row.partner_id };
  }

  async list() {
    const rows = await this.store.kysely
      .selectFrom('tokens')
      .select(['id', 'name', 'role', 'partner_id', 'created_at', 'revoked_at'])
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      role: r.role,
      partnerId: r.partner_id,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
    }));
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.store.kysely
      .updateTable('tokens')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
