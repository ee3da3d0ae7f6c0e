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
import type { Database } from './db/schema.js';
import { StoreError } from './errors.js';
import { readProgrammePage } from './log.js';
import type { PersonalDataVault } from './personal-data.js';
import { readProjectedState } from './read-models/read.js';

/** Where reads get a programme's whole log (the store's event cache) and the keys to its names. */
export type EventSource = {
  readonly vault: PersonalDataVault;
  loadEvents: (programmeId: string) => Promise<RecordedEvent[]>;
};

/** Timelines kept for time travel: a few programmes scrubbed at once, each with its snapshots. */
const TIMELINES = 16;

export type ProgrammeSummaryRow = {
  programmeId: string;
  name: string;
  version: number;
  rag: Rag | null;
  updatedAt: string;
};

/** A point in a programme's history for a diff: a position in the log, or a date (as it stood and was known then). */
export type Point = { position: number } | { date: string };

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

  /** The programme's version as the read models hold it: what a cached answer is keyed on. */
  async programmeVersion(programmeId: string): Promise<number> {
    const row = await this.db
      .selectFrom('rm_programmes')
      .select('version')
      .where('programme_id', '=', programmeId)
      .executeTakeFirst();
    if (!row) throw new StoreError('programme_not_found', `programme ${programmeId} does not exist`);
    return Number(row.version);
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

  /** A page of a programme's events with position > `after`. */
  async events(
    programmeId: string,
    after: number,
    limit: number,
  ): Promise<{ events: RecordedEvent[]; next: number | null }> {
    await this.requireProgramme(programmeId);
    const rows = await readProgrammePage(this.db, this.log.vault, programmeId, after, limit + 1);
    const page = rows.slice(0, limit);
    return { events: page, next: rows.length > limit ? page[page.length - 1]!.position : null };
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
    const viewAt = (p: Point) => {
      const cut: Cut =
        'position' in p
          ? { atPosition: p.position, asOf: at, knownAt: at }
          : { asOf: endOf(p.date), knownAt: endOf(p.date) };
      return toView(fold(events, cut), { asOf: cut.asOf!, knownAt: cut.knownAt! });
    };
    const inRange = (e: RecordedEvent, p: Point, side: 'from' | 'to') => {
      const beyond = 'position' in p ? e.position > p.position : e.recordedAt > endOf(p.date);
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
