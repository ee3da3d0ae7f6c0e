import { randomUUID } from 'node:crypto';
import type { Command, ProgrammeState, RecordedEvent } from '@steerlog/domain';
import type { Recording } from '@steerlog/domain';
import { applyEvent, correctingFrom, DomainError, fold, needsRefold, record } from '@steerlog/domain';
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

/**
 * What a job's pass decided, before anything was written: a replay of a recorded result, a
 * refusal, or events to append after `version`. Kept so that a batch whose head moved only by
 * other programmes' events can be written again at the new head without being decided again.
 */
export type Decision =
  | { kind: 'replay'; handled: Handled }
  | { kind: 'refused'; error: unknown }
  | { kind: 'recorded'; now: string; correlationId: string; version: number; recording: Recording };

/** What the handler reads and advances: the chain head, the caches, the vault. */
export type HandlerContext = {
  readonly vault: PersonalDataVault;
  readonly states: StateCache;
  readonly events: EventCache;
  /** True when no other process has written since this one last did: cached state is current. */
  readonly current: boolean;
  head: Head;
  /** The decision of each job of the transaction, filled as they are decided; one found here is written as it stands. */
  readonly decisions: Map<CommandJob, Decision>;
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
 * The command path's decision: the programme's version and state, and what the domain `record`s
 * for the command. Reads the log, writes nothing; a refusal throws.
 */
const decide = async (
  trx: Kysely<Database>,
  ctx: HandlerContext,
  { programmeId, command, options }: CommandJob,
  now: string,
): Promise<{ version: number; recording: Recording }> => {
  // Nobody else has written since this process did: its cached state is the programme's state.
  const cached = ctx.current ? ctx.states.get(programmeId) : undefined;
  const version = cached ? cached.state.version : await readVersion(trx, programmeId);
  if (command.expectedVersion !== undefined && command.expectedVersion !== version)
    throw new StoreError(
      'version_conflict',
      `expected version ${command.expectedVersion}, but the programme is at ${version}`,
    );
  const { state: before } = await loadState(trx, ctx, programmeId, version);
  const recording = record(before, command, {
    programmeId,
    newId: newSlug,
    now,
    actorPartnerId: options.actorPartnerId ?? null,
    ...(command.type === 'CorrectEvent' && {
      correcting: correctingFrom(await ctx.events.load(trx, ctx.vault, programmeId)),
    }),
  });
  return { version, recording };
};

/**
 * The rest of the command path: append the decided events after the head, project them into
 * the read models. Positions, hashes and everything that embeds them come from here, so a
 * decision can be written again at another head.
 */
const writeRecording = async (
  trx: Kysely<Database>,
  ctx: HandlerContext,
  { programmeId, options }: CommandJob,
  { now, correlationId, version, recording }: Extract<Decision, { kind: 'recorded' }>,
): Promise<{ result: CommandResult; rows: EventRow[] }> => {
  const { state: before, rows } = await loadState(trx, ctx, programmeId, version);
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
 * A job with a decision in `ctx.decisions` is not decided again: only written.
 */
export const handleCommand = async (trx: Kysely<Database>, ctx: HandlerContext, job: CommandJob): Promise<Handled> => {
  const key = job.options.idempotencyKey;
  const claim: IdempotencyClaim | null = key
    ? claimOf(job.options.idempotencyScope ?? '', key, job.programmeId, job.command)
    : null;
  let decision = ctx.decisions.get(job);
  if (!decision) {
    decision = await decideJob(trx, ctx, job, claim);
    ctx.decisions.set(job, decision);
  }
  if (decision.kind === 'replay') return decision.handled;
  if (decision.kind === 'refused') throw decision.error;
  try {
    const { result, rows } = await writeRecording(trx, ctx, job, decision);
    if (claim)
      await rememberResult(
        trx,
        claim,
        job.programmeId,
        { positions: result.events.map((e) => e.position), version: result.version, position: result.position },
        decision.now,
      );
    return { result, fresh: true, rows };
  } catch (error) {
    // Whatever failed the write may not fail it again: the job is then decided again, not kept.
    ctx.decisions.delete(job);
    throw error;
  }
};

/** A command refused by the domain or the store's own rules: it rolls back only itself. */
export const isRefusal = (e: unknown) => e instanceof DomainError || e instanceof StoreError;

const decideJob = async (
  trx: Kysely<Database>,
  ctx: HandlerContext,
  job: CommandJob,
  claim: IdempotencyClaim | null,
): Promise<Decision> => {
  const now = (job.options.now ?? new Date()).toISOString();
  try {
    if (claim) {
      const seen = await findResult(trx, claim);
      if (seen)
        return {
          kind: 'replay',
          handled: {
            result: {
              events: await readPositions(trx, ctx.vault, seen.positions),
              version: seen.version,
              position: seen.position,
            },
            fresh: false,
            rows: [],
          },
        };
    }
    const { version, recording } = await decide(trx, ctx, job, now);
    return {
      kind: 'recorded',
      now,
      correlationId: job.options.idempotencyKey ?? randomUUID(),
      version,
      recording,
    };
  } catch (error) {
    if (isRefusal(error)) return { kind: 'refused', error };
    throw error;
  }
};
