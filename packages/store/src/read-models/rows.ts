import type { ProgrammeState, RagStatus } from '@steerlog/domain';
import { canonicalJson, initialState } from '@steerlog/domain';
import type { EntityTableName } from '../db/schema.js';

/** A read-model row before it is written: the thing's id, its place in order, and its state. */
export type EntityRow = { entity_id: string; seq: number; doc: string };
export type ProgrammeRow = { name: string; version: number; position: number; rag: string | null; doc: string };

type ProgrammeDoc = {
  programmeId: string;
  ambition: string | null;
  startsOn: string | null;
  endsOn: string | null;
  rag: RagStatus | null;
  openMeetingId: string | null;
  lastOccurredAt: string | null;
};

/** A row with the state object it was made from, so an unchanged object is never serialised twice. */
export type SourcedRow = EntityRow & { readonly source: unknown };
export type ProjectedRows = { programme: ProgrammeRow; entities: Record<EntityTableName, SourcedRow[]> };

const rowsOf = (entries: Iterable<[string | number, unknown]>, previous: readonly SourcedRow[] = []): SourcedRow[] => {
  const before = new Map(previous.map((r) => [r.entity_id, r]));
  return [...entries].map(([id, source], seq) => {
    const old = before.get(String(id));
    // Folds replace a thing's object whenever it changes, so the same object means the same row.
    if (old && old.source === source && old.seq === seq) return old;
    return { entity_id: String(id), seq, doc: canonicalJson(source), source };
  });
};

/**
 * The read-model rows of a folded programme, table by table. Pure, so that the incremental
 * writer, the rebuild and the equality tests all agree on what a state looks like in SQL.
 * Given the rows of an earlier state of the same programme, rows of unchanged things are reused.
 */
export const stateToRows = (s: ProgrammeState, previous?: ProjectedRows): ProjectedRows => {
  const doc: ProgrammeDoc = {
    programmeId: s.programmeId ?? '',
    ambition: s.ambition,
    startsOn: s.startsOn,
    endsOn: s.endsOn,
    rag: s.rag,
    openMeetingId: s.openMeetingId,
    lastOccurredAt: s.lastOccurredAt,
  };
  const p = previous?.entities;
  return {
    programme: {
      name: s.name,
      version: s.version,
      position: s.position,
      rag: s.rag?.current ?? null,
      doc: canonicalJson(doc),
    },
    entities: {
      rm_partners: rowsOf(s.partners, p?.rm_partners),
      rm_workstreams: rowsOf(s.workstreams, p?.rm_workstreams),
      rm_milestones: rowsOf(s.milestones, p?.rm_milestones),
      rm_allocations: rowsOf(s.allocations, p?.rm_allocations),
      rm_meetings: rowsOf(s.meetings, p?.rm_meetings),
      rm_decisions: rowsOf(s.decisions, p?.rm_decisions),
      rm_actions: rowsOf(s.actions, p?.rm_actions),
      rm_risks: rowsOf(s.risks, p?.rm_risks),
      rm_training: rowsOf([...s.training].map(([level, t]) => [level, { level, ...t }])),
      rm_champions: rowsOf(s.champions, p?.rm_champions),
      rm_maturity: rowsOf(s.maturity, p?.rm_maturity),
    },
  };
};

const mapOf = <TValue>(rows: readonly EntityRow[]): Map<string, TValue> =>
  new Map([...rows].sort((a, b) => a.seq - b.seq).map((r) => [r.entity_id, JSON.parse(r.doc) as TValue]));

/** The programme state the read-model rows hold: the inverse of `stateToRows` for everything a view shows. */
export const rowsToState = (
  programme: ProgrammeRow,
  entities: Record<EntityTableName, readonly EntityRow[]>,
): ProgrammeState => {
  const doc = JSON.parse(programme.doc) as ProgrammeDoc;
  const training = mapOf<{ level: number; sessions: number; attendees: number }>(entities.rm_training);
  return {
    ...initialState(),
    programmeId: doc.programmeId,
    name: programme.name,
    ambition: doc.ambition,
    startsOn: doc.startsOn,
    endsOn: doc.endsOn,
    version: programme.version,
    position: programme.position,
    lastOccurredAt: doc.lastOccurredAt,
    rag: doc.rag,
    openMeetingId: doc.openMeetingId,
    partners: mapOf(entities.rm_partners),
    workstreams: mapOf(entities.rm_workstreams),
    milestones: mapOf(entities.rm_milestones),
    allocations: mapOf(entities.rm_allocations),
    meetings: mapOf(entities.rm_meetings),
    decisions: mapOf(entities.rm_decisions),
    actions: mapOf(entities.rm_actions),
    risks: mapOf(entities.rm_risks),
    training: new Map([...training.values()].map((t) => [t.level, { sessions: t.sessions, attendees: t.attendees }])),
    champions: mapOf(entities.rm_champions),
    maturity: mapOf(entities.rm_maturity),
  };
};

/** Which rows to upsert and which ids to delete to turn `before` into `after`. */
export const diffRows = (before: readonly EntityRow[], after: readonly EntityRow[]) => {
  const old = new Map(before.map((r) => [r.entity_id, r]));
  const upserts = after.filter((r) => {
    const o = old.get(r.entity_id);
    return !o || (o !== r && (o.seq !== r.seq || o.doc !== r.doc));
  });
  const keep = new Set(after.map((r) => r.entity_id));
  const deletes = before.filter((r) => !keep.has(r.entity_id)).map((r) => r.entity_id);
  return { upserts, deletes };
};
