import type { Generated, Insertable, Selectable } from 'kysely';

export interface EventsTable {
  position: number;
  programme_id: string;
  version: number;
  id: string;
  type: string;
  schema_version: number;
  occurred_at: string;
  recorded_at: string;
  actor: string;
  /** JSON, with personal data as ciphertext: exactly the bytes the hash covers. */
  data: string;
  meta: string;
  hash: string;
}

export interface IdempotencyTable {
  key: string;
  request_hash: string;
  programme_id: string;
  response: string;
  created_at: string;
}

export interface PersonalKeysTable {
  subject: string;
  /** base64 AES-256 key; null once erased. */
  key: string | null;
  created_at: string;
  erased_at: string | null;
}

export interface TokensTable {
  id: string;
  name: string;
  role: string;
  partner_id: string | null;
  programme_id: string | null;
  token_hash: string;
  created_at: string;
  revoked_at: string | null;
  /** Added by 0003-sign-in; written at most once a minute per token. */
  last_used_at: string | null;
}

export interface ProgrammesTable {
  programme_id: string;
  name: string;
  version: number;
  position: number;
  rag: string | null;
  updated_at: string;
  /** The programme's own fields (ambition, dates, RAG status) as JSON. */
  doc: string;
}

/** Every per-thing read model has this shape: one row per thing, its state as JSON, ordered by `seq`. */
export interface EntityTable {
  programme_id: string;
  entity_id: string;
  seq: number;
  doc: string;
}

export interface CheckpointsTable {
  name: string;
  position: number;
}

export interface MigrationsMarker {
  id: Generated<number>;
}

export const entityTables = [
  'rm_partners',
  'rm_workstreams',
  'rm_milestones',
  'rm_allocations',
  'rm_meetings',
  'rm_decisions',
  'rm_actions',
  'rm_risks',
  'rm_training',
  'rm_champions',
  'rm_maturity',
] as const;
export type EntityTableName = (typeof entityTables)[number];

// Sign-in (migration 0003-sign-in): people, their grants by e-mail, sessions, sign-ins under way.
export interface UsersTable {
  id: string;
  issuer: string;
  subject: string;
  email: string;
  name: string;
  created_at: string;
  last_seen_at: string;
}

export interface GrantsTable {
  id: string;
  /** Lower case. */
  email: string;
  role: string;
  programme_id: string | null;
  partner_id: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface SessionsTable {
  /** SHA-256 of the cookie's value: a copy of the database opens no session. */
  id_hash: string;
  user_id: string;
  csrf_secret: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface AuthRequestsTable {
  state: string;
  code_verifier: string;
  nonce: string;
  return_to: string;
  created_at: string;
}

export type SignInTables = {
  users: UsersTable;
  grants: GrantsTable;
  sessions: SessionsTable;
  auth_requests: AuthRequestsTable;
};

export type Database = SignInTables & {
  events: EventsTable;
  idempotency: IdempotencyTable;
  personal_keys: PersonalKeysTable;
  tokens: TokensTable;
  rm_programmes: ProgrammesTable;
  checkpoints: CheckpointsTable;
} & Record<EntityTableName, EntityTable>;

export type EventRow = Selectable<EventsTable>;
export type NewEventRow = Insertable<EventsTable>;
export type TokenRow = Selectable<TokensTable>;
