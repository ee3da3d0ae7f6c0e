import { z } from 'zod';
import type { OutcomeTables } from './outcome-schema.js';
import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * An event row as stored: the one list of the events table's columns, in table order (every
 * insert, tuple and copy of a row follows it), with what each holds. `data` is JSON with personal
 * data as ciphertext: exactly the bytes the hash covers; `meta` is canonical JSON too.
 */
export const EventRowShape = z.object({
  position: z.number().int(),
  programme_id: z.string(),
  version: z.number().int(),
  id: z.string(),
  type: z.string(),
  schema_version: z.number().int(),
  occurred_at: z.string(),
  recorded_at: z.string(),
  actor: z.string(),
  data: z.string(),
  meta: z.string(),
  hash: z.string(),
});
export type EventsTable = z.infer<typeof EventRowShape>;

export const eventColumns = Object.keys(EventRowShape.shape) as (keyof EventsTable)[];

/** A row's values in `eventColumns` order. */
export const eventValues = (row: EventsTable): (string | number)[] => eventColumns.map((c) => row[c]);

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

type Rag = {
  rag: string | null;
  rag_previous: string | null;
  rag_changed_on: string | null;
  rag_reason: string | null;
  /** 1 when the rating was set by an illustrative event, else 0. */
  rag_illustrative: number;
};
/** 1 where the thing or figure rests on an illustrative event, else 0. */
type Illustrative = { illustrative: number };

/** Read models (migration 0002; see docs/read-models.md). Names of people are ciphertext in them. */
export type ProgrammesTable = {
  programme_id: string;
  name: string;
  ambition: string | null;
  starts_on: string | null;
  ends_on: string | null;
  version: number;
  /** Position of the programme's last event: the newest row's is where the read models stand. */
  position: number;
  open_meeting_id: string | null;
  last_occurred_at: string | null;
  updated_at: string;
} & Rag &
  Illustrative;
export type PartnersTable = {
  programme_id: string;
  partner_id: string;
  seq: number;
  name: string;
  sector: string;
  /** Ciphertext under `partner-lead:PARTNER_ID`, or `[erased]`. */
  lead: string | null;
  joined_on: string;
} & Rag &
  Illustrative;
export type HighlightReportsTable = {
  programme_id: string;
  partner_id: string;
  reported_on: string;
  lead: string;
  summary: string;
  successes: string;
  challenges: string;
  upcoming: string;
} & Illustrative;
export type WorkstreamsTable = {
  programme_id: string;
  workstream_id: string;
  seq: number;
  name: string;
  lead_partner_id: string | null;
  description: string | null;
  created_on: string;
} & Rag &
  Illustrative;
export type MilestonesTable = {
  programme_id: string;
  milestone_id: string;
  seq: number;
  workstream_id: string;
  title: string;
  due_on: string;
  original_due_on: string;
  slip_days: number;
  completed_on: string | null;
  reschedule_reason: string | null;
} & Illustrative;
export type AllocationsTable = {
  programme_id: string;
  allocation_id: string;
  seq: number;
  source: string;
  financial_year: string;
  amount_pence: number | string;
  spent_pence: number | string;
  partner_id: string | null;
  workstream_id: string | null;
  purpose: string | null;
  allocated_on: string;
} & Illustrative;
export type RagHistoryTable = {
  programme_id: string;
  event_id: string;
  seq: number;
  subject_kind: string;
  subject_id: string | null;
  rag: string;
  previous: string | null;
  changed_on: string;
  reason: string;
} & Illustrative;
export type MeetingsTable = {
  programme_id: string;
  meeting_id: string;
  seq: number;
  title: string;
  opened_at: string;
  closed_at: string | null;
} & Illustrative;
export interface MeetingAttendeesTable {
  programme_id: string;
  meeting_id: string;
  seq: number;
  partner_id: string;
}
export type DecisionsTable = {
  programme_id: string;
  decision_id: string;
  seq: number;
  summary: string;
  rationale: string | null;
  alternatives_rejected: string;
  conflicts_declared: string;
  meeting_id: string | null;
  decided_on: string;
} & Illustrative;
export type ActionsTable = {
  programme_id: string;
  action_id: string;
  seq: number;
  title: string;
  owner_partner_id: string;
  due_on: string;
  decision_id: string | null;
  assigned_on: string;
  completed_on: string | null;
} & Illustrative;
export type RisksTable = {
  programme_id: string;
  risk_id: string;
  seq: number;
  title: string;
  likelihood: number;
  impact: number;
  score: number;
  owner_partner_id: string | null;
  raised_on: string;
  closed_on: string | null;
  closed_reason: string | null;
} & Illustrative;
export type TrainingTable = {
  programme_id: string;
  level: number;
  sessions: number;
  attendees: number;
} & Illustrative;
export type ChampionsTable = {
  programme_id: string;
  champion_id: string;
  seq: number;
  partner_id: string;
  /** Ciphertext under `champion:CHAMPION_ID`, or `[erased]`. */
  name: string;
  role: string | null;
  appointed_on: string;
} & Illustrative;
export type MaturityTable = {
  programme_id: string;
  /** `PARTNER_ID|DOMAIN` (`|DOMAIN` for the programme as a whole). */
  maturity_key: string;
  seq: number;
  partner_id: string | null;
  domain: string;
  level: string;
  evidence: string | null;
  assessed_on: string;
} & Illustrative;

export interface CheckpointsTable {
  name: string;
  position: number;
}

export interface MigrationsMarker {
  id: Generated<number>;
}

/** A signed checkpoint of the chain head (contract v2, Integrity; migration 0004-checkpoints). */
export interface SignedCheckpointsTable {
  position: number;
  hash: string;
  signed_at: string;
  /** base64 Ed25519 signature over `checkpointMessage(position, hash, signed_at)`. */
  signature: string;
  /** PEM (SPKI) of the key that signed it. */
  public_key: string;
}

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

export type Database = SignInTables &
  OutcomeTables & {
    events: EventsTable;
    idempotency: IdempotencyTable;
    personal_keys: PersonalKeysTable;
    tokens: TokensTable;
    checkpoints: CheckpointsTable;
    signed_checkpoints: SignedCheckpointsTable;
    rm_programmes: ProgrammesTable;
    rm_partners: PartnersTable;
    rm_highlight_reports: HighlightReportsTable;
    rm_workstreams: WorkstreamsTable;
    rm_milestones: MilestonesTable;
    rm_allocations: AllocationsTable;
    rm_rag_history: RagHistoryTable;
    rm_meetings: MeetingsTable;
    rm_meeting_attendees: MeetingAttendeesTable;
    rm_decisions: DecisionsTable;
    rm_actions: ActionsTable;
    rm_risks: RisksTable;
    rm_training: TrainingTable;
    rm_champions: ChampionsTable;
    rm_maturity: MaturityTable;
  };

export type EventRow = Selectable<EventsTable>;
export type NewEventRow = Insertable<EventsTable>;
export type TokenRow = Selectable<TokensTable>;
