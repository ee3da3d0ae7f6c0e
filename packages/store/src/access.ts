import type { Role } from '@steerlog/domain';
import { roles } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { Database } from './db/schema.js';

/**
 * What a principal may do where: a role, in one programme or (programmeId null) in every one,
 * and for a partner lead the partner it speaks for. A token carries one; a signed-in person has
 * every grant made to their e-mail.
 */
export type Grant = { role: Role; programmeId: string | null; partnerId: string | null };

export type AccessErrorCode = 'invalid_grant' | 'unknown_partner';

/** A token or grant that would not make sense (a partner lead without a programme, an unknown partner). */
export class AccessError extends Error {
  override name = 'AccessError';
  constructor(
    readonly code: AccessErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Whether `partnerId` joined `programmeId` and that joining was not retracted (read from the log itself). */
const partnerExists = async (db: Kysely<Database>, programmeId: string, partnerId: string) => {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'type', 'data'])
    .where('programme_id', '=', programmeId)
    .where('type', 'in', ['PartnerJoined', 'EventRetracted'])
    .orderBy('position')
    .execute();
  const retracted = new Set<string>();
  const joined: string[] = [];
  for (const r of rows) {
    const data = JSON.parse(r.data) as { partnerId?: unknown; eventId?: unknown };
    if (r.type === 'EventRetracted' && typeof data.eventId === 'string') retracted.add(data.eventId);
    if (r.type === 'PartnerJoined' && data.partnerId === partnerId) joined.push(r.id);
  }
  return joined.some((id) => !retracted.has(id));
};

/**
 * Checks a grant against the contract's rules and returns it normalised: a partner lead is bound
 * to one programme and a partner that exists in it; admin is always global; `partnerId` means
 * something for partner leads only.
 */
export const checkGrant = async (
  db: Kysely<Database>,
  input: { role: Role; programmeId?: string | null | undefined; partnerId?: string | null | undefined },
): Promise<Grant> => {
  if (!roles.includes(input.role)) throw new AccessError('invalid_grant', `unknown role ${String(input.role)}`);
  const programmeId = input.programmeId ?? null;
  const partnerId = input.partnerId ?? null;
  if (input.role === 'admin' && programmeId !== null)
    throw new AccessError('invalid_grant', 'admin is always global: leave out the programme');
  if (input.role !== 'partner') {
    if (partnerId !== null) throw new AccessError('invalid_grant', 'only a partner role is bound to a partner');
    return { role: input.role, programmeId, partnerId: null };
  }
  if (programmeId === null) throw new AccessError('invalid_grant', 'a partner role needs a programme (--programme P)');
  if (partnerId === null)
    throw new AccessError('invalid_grant', 'a partner role needs a partner (--partner PARTNER_ID)');
  if (!(await partnerExists(db, programmeId, partnerId)))
    throw new AccessError('unknown_partner', `partner ${partnerId} does not exist in programme ${programmeId}`);
  return { role: 'partner', programmeId, partnerId };
};

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export type GrantRecord = Grant & { id: string; email: string; createdAt: string; revokedAt: string | null };

/** Rights given to an e-mail address, for whoever signs in with it. */
export class Grants {
  constructor(private readonly db: Kysely<Database>) {}

  async create(input: {
    email: string;
    role: Role;
    programmeId?: string | null | undefined;
    partnerId?: string | null | undefined;
  }): Promise<GrantRecord> {
    const email = normaliseEmail(input.email);
    if (!/^[^@\s]+@[^@\s]+$/.test(email))
      throw new AccessError('invalid_grant', `${input.email} is not an e-mail address`);
    const grant = await checkGrant(this.db, input);
    const record = { id: crypto.randomUUID(), email, ...grant, createdAt: new Date().toISOString(), revokedAt: null };
    await this.db
      .insertInto('grants')
      .values({
        id: record.id,
        email,
        role: grant.role,
        programme_id: grant.programmeId,
        partner_id: grant.partnerId,
        created_at: record.createdAt,
        revoked_at: null,
      })
      .execute();
    return record;
  }

  /** The grants in force for `email`. */
  async of(email: string): Promise<Grant[]> {
    const rows = await this.db
      .selectFrom('grants')
      .select(['role', 'programme_id', 'partner_id'])
      .where('email', '=', normaliseEmail(email))
      .where('revoked_at', 'is', null)
      .execute();
    return rows.map((r) => ({ role: r.role as Role, programmeId: r.programme_id, partnerId: r.partner_id }));
  }

  async list(): Promise<GrantRecord[]> {
    const rows = await this.db.selectFrom('grants').selectAll().orderBy('created_at').execute();
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      role: r.role as Role,
      programmeId: r.programme_id,
      partnerId: r.partner_id,
      createdAt: r.created_at,
      revokedAt: r.revoked_at,
    }));
  }

  async revoke(id: string): Promise<boolean> {
    const result = await this.db
      .updateTable('grants')
      .set({ revoked_at: new Date().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
}
