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

export type Database = {
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
