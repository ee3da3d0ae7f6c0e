import { randomUUID } from 'node:crypto';
import type { Command, ProgrammeState, RecordedEvent } from '@steerlog/domain';
import { applyEvent, correctingFrom, fold, needsRefold, record } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import type { Database, EventRow } from './db/schema.js';
import type { EventCache } from './event-cache.js';
import { StoreError } from './errors.js';
import type { IdempotencyClaim } from './idempotency.js';
import { claimOf, findResult, rememberResult } from './idempotency.js';
import type { Head } from './log.js';
import { appendToLog, readPositions, readVersion } from './log.js';
import type { PersonalDataVault } from './personal-data.js';
import { project, rowsOf } from './projection.js';
import type { CachedState, StateCache } from './state-cache.js';

export type CommandResult = { events: RecordedEvent[]; version: number; position: number };

export type HandleOptions = {
  actor: string;
  /** The server's clock; commands never carry their own `recordedAt`. */
  now?: Date;
  idempotencyKey?: string | undefined;
  /** Whose key it is (the token), so one client's key never returns another's response. */
  idempotencyScope?: string;
  /** The partner the sender is bound to: a partner lead's training and assessments default to it. */
  actorPartnerId?: string | null;
};

export type CommandJob = { programmeId: string; command: Command; options: HandleOptions };

/**
 * A handled command; `fresh` is false when it is the replay of a result recorded before. `rows`
 * are its events as stored (none for a replay).
 */
export type Handled = { result: CommandResult; fresh: boolean; rows: readonly EventRow[] };

/** What the handler reads and advances: the chain head, the caches, the vault. */
export type HandlerContext = {
  readonly vault: PersonalDataVault;
  readonly states: StateCache;
  readonly events: EventCache;
  /** True when no other process has written since this one last did: cached state is current. */
  readonly current: boolean;
  head: Head;
};

const newSlug = (kind: string) => `${kind}-${randomUUID().slice(0, 8)}`;

/** The programme as currently known, from the cache when it is as new as the log. */
const loadState = async (
  trx: Kysely<Database>,
  ctx: HandlerContext,
  programmeId: string,
  version: number,
): Promise<CachedState> => {
  const cached = ctx.states.get(programmeId);
  if (cached && cached.state.version === version) return cached;
  const state = fold(await ctx.events.load(trx, ctx.vault, programmeId));
  // The read models on disk were written from this same fold, in the transaction of its last event.
  return { state, rows: state.programmeId === null ? null : rowsOf(state) };
};

/**
 * The command path, in one direction: load the programme's state, let the domain `record` the
 * command, append the events to the log, project them into the read models. Runs inside the
 * caller's write transaction; a refusal throws before anything is written.
 */
const recordCommand = async (
  trx: Kysely<Database>,
  ctx: HandlerContext,
  { programmeId, command, options }: CommandJob,
  now: string,
  correlationId: string,
): Promise<{ result: CommandResult; rows: EventRow[] }> => {
  // Nobody else has written since this process did: its cached state is the programme's state.
  const cached = ctx.current ? ctx.states.get(programmeId) : undefined;
  const version = cached ? cached.state.version : await readVersion(trx, programmeId);
  if (command.expectedVersion !== undefined && command.expectedVersion !== version)
    throw new StoreError(
      'version_conflict',
      `expected version ${command.expectedVersion}, but the programme is at ${version}`,
    );
  const { state: before, rows } = await loadState(trx, ctx, programmeId, version);
  const recording = record(before, command, {
    programmeId,
    newId: newSlug,
    now,
    actorPartnerId: options.actorPartnerId ?? null,
    ...(command.type === 'CorrectEvent' && {
      correcting: correctingFrom(await ctx.events.load(trx, ctx.vault, programmeId)),
    }),
  });
  const {
    events,
    rows: stored,
    head,
  } = await appendToLog(trx, ctx.vault, ctx.head, {
    programmeId,
    version,
    occurredAt: recording.occurredAt,
    recordedAt: now,
    actor: options.actor,
    events: recording.events.map(({ meetingId, illustrative, correctionOf, ...event }) => ({
      ...event,
      meta: {
        correlationId,
        causationId: null,
        ...(meetingId ? { meetingId } : {}),
        ...(illustrative ? { illustrative } : {}),
        ...(correctionOf ? { correctionOf } : {}),
      },
    })),
  });
  ctx.head = head;
  const after = await advance(trx, ctx, programmeId, before, events);
  const written = await project(trx, rows, after, now, ctx.vault);
  ctx.states.set(programmeId, { state: after, rows: written });
  const last = events[events.length - 1]!;
  return { result: { events, version: last.version, position: last.position }, rows: stored };
};

/**
 * The state after `events`. The cached state is this store's own, so it is advanced in place
 * rather than copied; should anything later fail, the caller forgets it. A back-dated event or a
 * retraction changes the order or content of the fold: then it is folded again.
 */
const advance = async (
  trx: Kysely<Database>,
  ctx: HandlerContext,
  programmeId: string,
  state: ProgrammeState,
  events: readonly RecordedEvent[],
): Promise<ProgrammeState> => {
  if (events.some((e) => needsRefold(state, e))) return fold(await ctx.events.load(trx, ctx.vault, programmeId));
  for (const e of events) applyEvent(state, e);
  return state;
};

/**
 * Handles one command inside the caller's write transaction. With an idempotency key, a key seen
 * before answers with the first result (read from the log as it reads today) and appends nothing.
 */
export const handleCommand = async (trx: Kysely<Database>, ctx: HandlerContext, job: CommandJob): Promise<Handled> => {
  const now = (job.options.now ?? new Date()).toISOString();
  const key = job.options.idempotencyKey;
  const claim: IdempotencyClaim | null = key
    ? claimOf(job.options.idempotencyScope ?? '', key, job.programmeId, job.command)
    : null;
  if (claim) {
    const seen = await findResult(trx, claim);
    if (seen)
      return {
        result: {
          events: await readPositions(trx, ctx.vault, seen.positions),
          version: seen.version,
          position: seen.position,
        },
        fresh: false,
        rows: [],
      };
  }
  const { result, rows } = await recordCommand(trx, ctx, job, now, key ?? randomUUID());
  if (claim)
    await rememberResult(
      trx,
      claim,
      job.programmeId,
      { positions: result.events.map((e) => e.position), version: result.version, position: result.position },
      now,
    );
  return { result, fresh: true, rows };
};
