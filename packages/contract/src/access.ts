import { roles, Slug } from '@steerlog/domain';
import { z } from 'zod';

/** A role, in one programme or (programmeId null) in all; partner leads name their partner. */
export const Grant = z.object({
  role: z.enum(roles),
  programmeId: Slug.nullable(),
  partnerId: Slug.nullable(),
});
export type Grant = z.infer<typeof Grant>;

/**
 * Who is asking: a token or a signed-in person, with every grant they hold. `role` and
 * `partnerId` are their rights in the programme asked about (`?programmeId=`), or their strongest
 * grant anywhere when none is named; `role` is null when they have no rights there.
 */
export const Whoami = z.object({
  kind: z.enum(['token', 'session']),
  name: z.string(),
  email: z.string().nullable(),
  role: z.enum(roles).nullable(),
  partnerId: z.string().nullable(),
  grants: z.array(Grant),
});
export type Whoami = z.infer<typeof Whoami>;

export const WhoamiQuery = z.strictObject({ programmeId: Slug.optional() });

/** `GET /auth/session`: whether sign-in through the identity provider is on, and the session of the cookie, if any. */
export const SessionInfo = z.object({
  oidc: z.boolean(),
  signedIn: z.boolean(),
  /** Send as `X-CSRF-Token` on every write made with the session cookie. */
  csrfToken: z.string().nullable(),
  expiresAt: z.string().nullable(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const CreateTokenBody = z.strictObject({
  role: z.enum(roles),
  name: z.string().trim().min(1).max(200),
  programmeId: Slug.optional(),
  partnerId: Slug.optional(),
});
export type CreateTokenBody = z.infer<typeof CreateTokenBody>;

export const TokenSummary = Grant.extend({
  tokenId: z.string(),
  name: z.string(),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type TokenSummary = z.infer<typeof TokenSummary>;

/** The answer to `POST /api/admin/tokens`: the only time the token itself is shown. */
export const CreatedToken = TokenSummary.extend({ token: z.string() });
export type CreatedToken = z.infer<typeof CreatedToken>;

export const UserSummary = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  /** Bootstrap admin by `STEERLOG_OIDC_ADMINS`. */
  admin: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  grants: z.array(Grant.extend({ grantId: z.string() })),
});
export type UserSummary = z.infer<typeof UserSummary>;

/** `GET /api/admin/users`: people who signed in, and grants for e-mails nobody has signed in with yet. */
export const UserList = z.object({
  users: z.array(UserSummary),
  pendingGrants: z.array(Grant.extend({ grantId: z.string(), email: z.string() })),
});
export type UserList = z.infer<typeof UserList>;

/** A grant as the admin API shows it. */
export const GrantSummary = Grant.extend({ grantId: z.string(), email: z.string(), createdAt: z.string() });
export type GrantSummary = z.infer<typeof GrantSummary>;

export const CreateGrantBody = z.strictObject({
  email: z.email(),
  role: z.enum(roles),
  programmeId: Slug.optional(),
  partnerId: Slug.optional(),
});
export type CreateGrantBody = z.infer<typeof CreateGrantBody>;
