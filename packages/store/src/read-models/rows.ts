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

const rowsOf = <TValue>(entries: Iterable<[string | number, TValue]>): EntityRow[] =>
  [...entries].map(([id, value], seq) => ({ entity_id: String(id), seq, doc: canonicalJson(value) }));

/**
 * The read-model rows of a folded programme, table by table. Pure, so that the incremental
 * writer, the rebuild and the equality tests all agree on what a state looks like in SQL.
 */
export const stateToRows = (
  s: ProgrammeState,
): { programme: ProgrammeRow; entities: Record<EntityTableName, EntityRow[]> } => {
  const doc: ProgrammeDoc = {
    programmeId: s.programmeId ?? '',
    ambition: s.ambition,
    startsOn: s.startsOn,
    endsOn: s.endsOn,
    rag: s.rag,
    openMeetingId: s.openMeetingId,
    lastOccurredAt: s.lastOccurredAt,
  };
  return {
    programme: {
      name: s.name,
      version: s.version,
      position: s.position,
      rag: s.rag?.current ?? null,
      doc: canonicalJson(doc),
    },
    entities: {
      rm_partners: rowsOf(s.partners),
      rm_workstreams: rowsOf(s.workstreams),
      rm_milestones: rowsOf(s.milestones),
      rm_allocations: rowsOf(s.allocations),
      rm_meetings: rowsOf(s.meetings),
      rm_decisions: rowsOf(s.decisions),
      rm_actions: rowsOf(s.actions),
      rm_risks: rowsOf(s.risks),
      rm_training: rowsOf([...s.training].map(([level, t]) => [level, { level, ...t }])),
      rm_champions: rowsOf(s.champions),
      rm_maturity: rowsOf(s.maturity),
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
    return !o || o.seq !== r.seq || o.doc !== r.doc;
  });
  const keep = new Set(after.map((r) => r.entity_id));
  const deletes = before.filter((r) => !keep.has(r.entity_id)).map((r) => r.entity_id);
  return { upserts, deletes };
};
