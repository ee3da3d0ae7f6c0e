import type {
  Cut,
  Rag,
  HistorySubject,
  ProgrammeView,
  RecordedEvent,
  Spacing,
  Timeline,
  ViewDiff,
} from '@steerlog/domain';
import { diffViews, endOf, fold, foldAsOf, history, snapshotSpacing, timelineOf, toView } from '@steerlog/domain';
import type { Kysely } from 'kysely';
import { compiledOnce } from './db/compiled.js';
import type { Database } from './db/schema.js';
import { readEvent } from './codec.js';
import { keyId } from './checkpoints.js';
import { StoreError } from './errors.js';
import { GENESIS_HASH } from './hash-chain.js';
import { readProgrammePage } from './log.js';
import type { PersonalDataVault } from './personal-data.js';
import { readProjectedState } from './read-models/read.js';

/** What a paper was made from (see `Queries.fingerprint`). */
export type Fingerprint = {
  position: number;
  hash: string;
  receipt: string;
  checkpoint: { position: number; hash: string; signedAt: string; signature: string; keyId: string } | null;
};

/** Where reads get a programme's whole log (the store's event cache) and the keys to its names. */
export type EventSource = {
  readonly vault: PersonalDataVault;
  loadEvents: (programmeId: string) => Promise<RecordedEvent[]>;
  /** Committed versions known without a query, and a way to keep one read (`Store.knownVersion`). */
  knownVersion?: (programmeId: string) => number | undefined;
  versionTicket?: () => VersionTicket;
  noteVersion?: (programmeId: string, version: number, ticket: VersionTicket) => void;
};

/** Taken before a version is read from the database, so a commit meanwhile is noticed. */
export type VersionTicket = { mark: number | undefined; commits: number };

// Asked by every cached read: compiled once rather than built per request.
const selectProgrammeVersion = compiledOnce<'programmeId', { version: number }>((db, param) =>
  db.selectFrom('rm_programmes').select('version').where('programme_id', '=', param('programmeId')),
);

/** Timelines kept for time travel: a few programmes scrubbed at once, each with its snapshots. */
const TIMELINES = 16;

export type ProgrammeSummaryRow = {
  programmeId: string;
  name: string;
  version: number;
  rag: Rag | null;
  updatedAt: string;
};

/**
 * A point in a programme's history for a diff: a position in the log, or a date: the programme as
 * it stood on that day (valid time), as known now unless `knownAt` cuts what was recorded by then.
 */
export type Point = { position: number } | { date: string; knownAt?: string };

/** Filters and order for a page of the event log (`GET .../events`). */
export type EventQuery = {
  after?: number | undefined;
  before?: number | undefined;
  limit: number;
  order?: 'oldest' | 'newest' | undefined;
  type?: readonly string[] | undefined;
  subject?: HistorySubject | undefined;
  actor?: string | undefined;
  occurredFrom?: string | undefined;
  occurredTo?: string | undefined;
  recordedFrom?: string | undefined;
  recordedTo?: string | undefined;
};

/** Reads over the read models and, for time travel, over the log itself. */
export class Queries {
  private readonly timelines = new Map<string, Timeline>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: EventSource,
    /** How far apart time-travel snapshots are (tests set it small, so short logs have some). */
    private readonly spacing: Spacing = snapshotSpacing,
  ) {}

  /**
   * The programme's timeline (its log along valid time, with snapshots), extended with what was
   * appended since it was last used. The least recently used one goes first.
   */
  private async timeline(programmeId: string): Promise<Timeline> {
    const previous = this.timelines.get(programmeId);
    const timeline = timelineOf(await this.log.loadEvents(programmeId), previous, this.spacing);
    this.timelines.delete(programmeId);
    this.timelines.set(programmeId, timeline);
    if (this.timelines.size > TIMELINES) this.timelines.delete(this.timelines.keys().next().value!);
    return timeline;
  }

  async listProgrammes(): Promise<ProgrammeSummaryRow[]> {
    const rows = await this.db
      .selectFrom('rm_programmes')
      .select(['programme_id', 'name', 'version', 'rag', 'updated_at'])
      .orderBy('programme_id')
      .execute();
    return rows.map((r) => ({
      programmeId: r.programme_id,
      name: r.name,
      version: Number(r.version),
      rag: r.rag as Rag | null,
      updatedAt: r.updated_at,
    }));
  }

  async exists(programmeId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('rm_programmes')
      .select('programme_id')
      .where('programme_id', '=', programmeId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * What a paper made from the log up to `position` prints: that event's hash (with the
   * position, a receipt to keep outside Steerlog) and the latest signed checkpoint at or before it.
   */
  async fingerprint(position: number): Promise<Fingerprint> {
    const event = await this.db.selectFrom('events').select('hash').where('position', '=', position).executeTakeFirst();
    const hash = event?.hash ?? GENESIS_HASH;
    const signed = await this.db
      .selectFrom('signed_checkpoints')
      .selectAll()
      .where('position', '<=', position)
      .orderBy('position', 'desc')
      .limit(1)
      .executeTakeFirst();
    return {
      position,
      hash,
      receipt: `${position}:${hash}`,
      checkpoint: signed
        ? {
            position: Number(signed.position),
            hash: signed.hash,
            signedAt: signed.signed_at,
            signature: signed.signature,
            keyId: keyId(signed.public_key),
          }
        : null,
    };
  }

  /** The programme's version as the read models hold it: what a cached answer is keyed on. */
  async programmeVersion(programmeId: string): Promise<number> {
    const known = this.log.knownVersion?.(programmeId);
    if (known !== undefined) return known;
    const ticket = this.log.versionTicket?.();
    const [row] = (await selectProgrammeVersion(this.db, { programmeId })).rows;
    if (!row) throw new StoreError('programme_not_found', `programme ${programmeId} does not exist`);
    const version = Number(row.version);
    if (ticket) this.log.noteVersion?.(programmeId, version, ticket);
    return version;
  }

  async requireProgramme(programmeId: string) {
    if (!(await this.exists(programmeId)))
      throw new StoreError('programme_not_found', `programme ${programmeId} does not exist`);
  }

  /** The current state from the read models (no fold). */
  async currentView(programmeId: string, now = new Date()): Promise<ProgrammeView> {
    const state = await readProjectedState(this.db, programmeId, this.log.vault);
    if (!state) throw new StoreError('programme_not_found', `programme ${programmeId} does not exist`);
    const at = now.toISOString();
    return toView(state, { asOf: at, knownAt: at });
  }

  /**
   * The state as of any cut, folded from the log by the domain's own fold. With no cut at all it
   * is the read models' answer (which a test keeps equal to this fold).
   */
  async view(
    programmeId: string,
    cut: { asOf?: string | undefined; knownAt?: string | undefined; atPosition?: number | undefined },
    now = new Date(),
  ): Promise<ProgrammeView> {
    if (cut.asOf === undefined && cut.knownAt === undefined && cut.atPosition === undefined)
      return this.currentView(programmeId, now);
    await this.requireProgramme(programmeId);
    const at = now.toISOString();
    const resolved: Cut = {
      asOf: cut.asOf === undefined ? at : endOf(cut.asOf),
      knownAt: cut.knownAt === undefined ? at : endOf(cut.knownAt),
      atPosition: cut.atPosition,
    };
    // As known now, the fold starts from the nearest snapshot before `asOf`; other cuts fold the log.
    const state =
      cut.knownAt === undefined && cut.atPosition === undefined
        ? foldAsOf(await this.timeline(programmeId), resolved.asOf)
        : fold(await this.log.loadEvents(programmeId), resolved);
    if (state.programmeId === null)
      throw new StoreError('programme_not_found', `programme ${programmeId} was not launched as of that point`);
    return toView(state, { asOf: resolved.asOf!, knownAt: resolved.knownAt! });
  }

  /**
   * A page of a programme's events: oldest first after `after`, or newest first before `before`,
   * filtered by type, subject (the events that shaped it, as `history` finds them) and the dates
   * it happened and was recorded (inclusive days). `next` continues in the same order.
   */
  async events(programmeId: string, query: EventQuery): Promise<{ events: RecordedEvent[]; next: number | null }> {
    await this.requireProgramme(programmeId);
    const { limit, order = 'oldest', type, subject, occurredFrom, occurredTo, recordedFrom, recordedTo } = query;
    const newest = order === 'newest';
    const filtered =
      newest ||
      query.before !== undefined ||
      (type !== undefined && type.length > 0) ||
      subject !== undefined ||
      query.actor !== undefined ||
      [occurredFrom, occurredTo, recordedFrom, recordedTo].some((d) => d !== undefined);
    if (!filtered) {
      // The live backlog's path: a plain page after a position.
      const rows = await readProgrammePage(this.db, this.log.vault, programmeId, query.after ?? 0, limit + 1);
      const page = rows.slice(0, limit);
      return { events: page, next: rows.length > limit ? page[page.length - 1]!.position : null };
    }
    let select = this.db.selectFrom('events').selectAll().where('programme_id', '=', programmeId);
    if (query.after !== undefined) select = select.where('position', '>', query.after);
    if (query.before !== undefined) select = select.where('position', '<', query.before);
    if (type !== undefined && type.length > 0) select = select.where('type', 'in', [...type]);
    if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
    // Envelope instants are ISO strings in UTC, so a day's bounds compare as text.
    if (occurredFrom !== undefined) select = select.where('occurred_at', '>=', `${occurredFrom}T00:00:00.000Z`);
    if (occurredTo !== undefined) select = select.where('occurred_at', '<=', endOf(occurredTo));
    if (recordedFrom !== undefined) select = select.where('recorded_at', '>=', `${recordedFrom}T00:00:00.000Z`);
    if (recordedTo !== undefined) select = select.where('recorded_at', '<=', endOf(recordedTo));
    select = select.orderBy('position', newest ? 'desc' : 'asc');
    let events: RecordedEvent[];
    let more: boolean;
    if (subject === undefined) {
      const rows = await select.limit(limit + 1).execute();
      events = rows.slice(0, limit).map((r) => readEvent(r, this.log.vault));
      more = rows.length > limit;
    } else {
      // Whether an event concerns a thing is a domain question (a retraction concerns what it retracted).
      const shaped = new Set(history(await this.log.loadEvents(programmeId), subject).map((e) => e.id));
      const matching = (await select.execute())
        .map((r) => readEvent(r, this.log.vault))
        .filter((e) => shaped.has(e.id));
      events = matching.slice(0, limit);
      more = matching.length > limit;
    }
    return { events, next: more ? events[events.length - 1]!.position : null };
  }

  async history(programmeId: string, subject: HistorySubject): Promise<RecordedEvent[]> {
    await this.requireProgramme(programmeId);
    return history(await this.log.loadEvents(programmeId), subject);
  }

  async diff(
    programmeId: string,
    from: Point,
    to: Point,
    now = new Date(),
  ): Promise<ViewDiff & { from: Point; to: Point; retracted: RecordedEvent[] }> {
    await this.requireProgramme(programmeId);
    const events = await this.log.loadEvents(programmeId);
    const at = now.toISOString();
    // A date is valid time, known now (contract version 2); a known-at adds a recorded-time cut.
    const knownAtOf = (p: Point) => ('position' in p || p.knownAt === undefined ? at : endOf(p.knownAt));
    const viewAt = (p: Point) => {
      const cut: Cut =
        'position' in p
          ? { atPosition: p.position, asOf: at, knownAt: at }
          : { asOf: endOf(p.date), knownAt: knownAtOf(p) };
      return toView(fold(events, cut), { asOf: cut.asOf!, knownAt: cut.knownAt! });
    };
    const inRange = (e: RecordedEvent, p: Point, side: 'from' | 'to') => {
      const beyond =
        'position' in p
          ? e.position > p.position
          : p.knownAt === undefined
            ? e.occurredAt > endOf(p.date)
            : e.recordedAt > endOf(p.knownAt);
      return side === 'from' ? beyond : !beyond;
    };
    const retracted = events.filter(
      (e) => e.type === 'EventRetracted' && inRange(e, from, 'from') && inRange(e, to, 'to'),
    );
    return { from, to, ...diffViews(viewAt(from), viewAt(to)), retracted };
  }

  /** Every event recorded while a meeting was open, in order. */
  async meetingEvents(programmeId: string, meetingId: string): Promise<RecordedEvent[]> {
    await this.requireProgramme(programmeId);
    return (await this.log.loadEvents(programmeId)).filter((e) => e.meta.meetingId === meetingId);
  }
}
