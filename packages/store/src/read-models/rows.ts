import type { ProgrammeState, RagChange, RagStatus, TrainingTotals } from '@steerlog/domain';
import type { Collection, Row } from './collection.js';
import { collection, flag } from './collection.js';
import { outcomeCollections, riskScoreRows } from './outcome-rows.js';
import { canonicalJson, daysBetween, ThingMap } from '@steerlog/domain';
import { peopleAndRoundCollections } from './people-rounds-rows.js';
import type { Value } from './sql.js';
import { meetingPapersRows } from './meeting-papers.js';
import type { ReadModelTableName } from './tables.js';

export type { Row } from './collection.js';

const json = (v: unknown) => canonicalJson(v);

const rag = (r: RagStatus | null): Value[] =>
  r ? [r.current, r.previous, r.changedOn, r.reason, flag(r)] : [null, null, null, null, 0];

const ragEntries = function* (s: ProgrammeState): Iterable<readonly [string, RagChange]> {
  for (const h of s.ragHistory) yield [h.eventId, h] as const;
};

/** Every part of the state the tables hold, besides the programme's own row. */
export const collections: readonly Collection[] = [
  collection({
    name: 'partners',
    entries: (s) => s.partners,
    rows: (p, _k, v: ProgrammeState['partners'] extends Map<string, infer T> ? T : never, seq) => {
      const rows: Row[] = [
        {
          table: 'rm_partners',
          values: [p, v.partnerId, seq, v.name, v.sector, v.lead, v.joinedOn, ...rag(v.rag), flag(v), v.leadPersonId],
        },
      ];
      const r = v.lastReport;
      if (r)
        rows.push({
          table: 'rm_highlight_reports',
          values: [
            p,
            v.partnerId,
            r.reportedOn,
            r.lead,
            r.summary,
            json(r.successes),
            json(r.challenges),
            json(r.upcoming),
            flag(r),
            r.roundId,
            json(r.evidenceIds),
          ],
        });
      return rows;
    },
  }),
  collection({
    name: 'workstreams',
    entries: (s) => s.workstreams,
    rows: (p, _k, v: ProgrammeState['workstreams'] extends Map<string, infer T> ? T : never, seq) => [
      {
        table: 'rm_workstreams',
        values: [
          p,
          v.workstreamId,
          seq,
          v.name,
          v.leadPartnerId,
          v.description,
          v.createdOn,
          ...rag(v.rag),
          flag(v),
          v.closedOn,
          v.closedReason,
          v.mergedIntoWorkstreamId,
        ],
      },
    ],
  }),
  collection({
    name: 'milestones',
    entries: (s) => s.milestones,
    rows: (p, _k, v: ProgrammeState['milestones'] extends Map<string, infer T> ? T : never, seq) => [
      {
        table: 'rm_milestones',
        values: [
          p,
          v.milestoneId,
          seq,
          v.workstreamId,
          v.title,
          v.dueOn,
          v.originalDueOn,
          daysBetween(v.originalDueOn, v.dueOn),
          v.completedOn,
          v.rescheduleReason,
          flag(v),
        ],
      },
    ],
  }),
  collection({
    name: 'allocations',
    entries: (s) => s.allocations,
    rows: (p, _k, v: ProgrammeState['allocations'] extends Map<string, infer T> ? T : never, seq) => [
      {
        table: 'rm_allocations',
        values: [
          p,
          v.allocationId,
          seq,
          v.source,
          v.financialYear,
          v.amountPence,
          v.spentPence,
          v.partnerId,
          v.workstreamId,
          v.purpose,
          v.allocatedOn,
          flag(v),
        ],
      },
    ],
  }),
  collection({
    name: 'ragHistory',
    entries: ragEntries,
    appendOnly: (s) => s.ragHistory,
    rows: (p, _k, v: RagChange, seq) => [
      {
        table: 'rm_rag_history',
        values: [
          p,
          v.eventId,
          seq,
          v.subject.kind,
          v.subject.kind === 'programme' ? null : v.subject.id,
          v.current,
          v.previous,
          v.changedOn,
          v.reason,
          flag(v),
        ],
      },
    ],
  }),
  collection({
    name: 'meetings',
    entries: (s) => s.meetings,
    rows: (p, _k, v: ProgrammeState['meetings'] extends Map<string, infer T> ? T : never, seq) => [
      { table: 'rm_meetings', values: [p, v.meetingId, seq, v.title, v.openedAt, v.closedAt, flag(v)] },
      ...v.attendees.map((a, i): Row => ({ table: 'rm_meeting_attendees', values: [p, v.meetingId, i, a] })),
      ...meetingPapersRows(p, v),
    ],
  }),
  collection({
    name: 'decisions',
    entries: (s) => s.decisions,
    rows: (p, _k, v: ProgrammeState['decisions'] extends Map<string, infer T> ? T : never, seq) => [
      {
        table: 'rm_decisions',
        values: [
          p,
          v.decisionId,
          seq,
          v.summary,
          v.rationale,
          json(v.alternativesRejected),
          json(v.conflictsDeclared),
          v.meetingId,
          v.decidedOn,
          flag(v),
          json(v.evidenceIds),
        ],
      },
    ],
  }),
  collection({
    name: 'actions',
    entries: (s) => s.actions,
    rows: (p, _k, v: ProgrammeState['actions'] extends Map<string, infer T> ? T : never, seq) => [
      {
        table: 'rm_actions',
        values: [
          p,
          v.actionId,
          seq,
          v.title,
          v.ownerPartnerId,
          v.dueOn,
          v.decisionId,
          v.assignedOn,
          v.completedOn,
          flag(v),
          v.ownerPersonId,
        ],
      },
    ],
  }),
  collection({
    name: 'risks',
    entries: (s) => s.risks,
    rows: (p, _k, v: ProgrammeState['risks'] extends Map<string, infer T> ? T : never, seq) => [
      {
        table: 'rm_risks',
        values: [
          p,
          v.riskId,
          seq,
          v.title,
          v.likelihood,
          v.impact,
          v.likelihood * v.impact,
          v.ownerPartnerId,
          v.raisedOn,
          v.closedOn,
          v.closedReason,
          flag(v),
          v.ownerPersonId,
        ],
      },
      ...riskScoreRows(p, v),
    ],
  }),
  collection({
    name: 'training',
    entries: (s) => s.training,
    rows: (p, level, v: TrainingTotals) => [
      { table: 'rm_training', values: [p, level, v.sessions, v.attendees, flag(v), json(v.evidenceIds)] },
    ],
  }),
  collection({
    name: 'champions',
    entries: (s) => s.champions,
    rows: (p, _k, v: ProgrammeState['champions'] extends Map<string, infer T> ? T : never, seq) => [
      {
        table: 'rm_champions',
        values: [p, v.championId, seq, v.partnerId, v.name, v.role, v.appointedOn, flag(v), v.personId],
      },
    ],
  }),
  collection({
    name: 'maturity',
    entries: (s) => s.maturity,
    rows: (p, key, v: ProgrammeState['maturity'] extends Map<string, infer T> ? T : never, seq) => [
      {
        table: 'rm_maturity',
        values: [p, key, seq, v.partnerId, v.domain, v.level, v.evidence, v.assessedOn, flag(v), json(v.evidenceIds)],
      },
    ],
  }),
  ...peopleAndRoundCollections,
  ...outcomeCollections,
];

/** The programme's own row, but for `updated_at` (the writer adds it). */
export const programmeValues = (s: ProgrammeState): Value[] => [
  s.programmeId ?? '',
  s.name,
  s.ambition,
  s.startsOn,
  s.endsOn,
  s.version,
  s.position,
  ...rag(s.rag),
  s.openMeetingId,
  s.lastOccurredAt,
  s.illustrative ? 1 : 0,
];

/**
 * What was last written of one collection: its keys and thing objects in fold order. When they
 * came from a `ThingMap` that tracks what is set (`map`), the next write reads only the touched
 * keys, finding their places in `index` (built on first use).
 */
export type Written = {
  keys: (string | number)[];
  sources: unknown[];
  array: readonly unknown[] | null;
  map?: ThingMap<string | number, unknown>;
  index?: Map<string | number, number>;
};

/** The collection's map when it can say what was set in it; it remembers from now on. */
const tracked = (entries: Iterable<readonly [string | number, unknown]>) => {
  if (!(entries instanceof ThingMap)) return undefined;
  const map = entries as ThingMap<string | number, unknown>;
  map.track();
  return map;
};

/**
 * What the read models hold for a programme, as the state objects they were written from
 * (opaque to callers). Holding objects, not rows, costs no memory beyond the state itself: a
 * fold replaces a thing's object whenever the thing changes, so the same object at the same
 * place is the same rows, and only changed things are turned into rows on the next write.
 */
export type ProjectedRows = { programme: Value[]; written: Written[] };

/**
 * A copy of what was written that the next write cannot change: the writer advances `Written`
 * in place, so rows kept to go back to (a batch decided again after another instance moved the
 * head) must not share it, or the rows the failed attempt wrote would count as written.
 */
export const branchRows = (rows: ProjectedRows): ProjectedRows => ({
  programme: rows.programme,
  written: rows.written.map((w) => ({ keys: w.keys.slice(), sources: w.sources.slice(), array: w.array })),
});

/** What the tables hold for state `s`, without writing. `previous` is accepted for callers that have it; it is not needed. */
export const stateToRows = (s: ProgrammeState, _previous?: ProjectedRows): ProjectedRows => ({
  programme: programmeValues(s),
  written: collections.map((c) => {
    const keys: (string | number)[] = [];
    const sources: unknown[] = [];
    const entries = c.entries(s);
    for (const [k, v] of entries) {
      keys.push(k);
      sources.push(v);
    }
    return { keys, sources, array: c.appendOnly ? c.appendOnly(s) : null, map: tracked(entries) };
  }),
});

/** Every row of a state, table by table (the rebuild's bulk insert). */
export const allRows = (s: ProgrammeState, into: Map<ReadModelTableName, Value[][]>) => {
  const programmeId = s.programmeId ?? '';
  for (const c of collections) {
    let seq = 0;
    for (const [k, v] of c.entries(s))
      for (const row of c.rows(programmeId, k, v as never, seq++)) into.get(row.table)!.push(row.values);
  }
};

const sameValues = (a: readonly Value[], b: readonly Value[]) => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

const rowKey = (r: Row, width: number) => `${r.table}\u0000${r.values.slice(0, width).join('\u0000')}`;

export type RowChanges = { upserts: Row[]; deletes: Row[] };

/** Rows of `table` differ between the rows of a thing before and after: which to write, which to delete. */
const diffThing = (before: Row[], after: Row[], keyWidth: (t: ReadModelTableName) => number, out: RowChanges) => {
  if (before.length === 1 && after.length === 1 && before[0]!.table === after[0]!.table) {
    if (!sameValues(before[0]!.values, after[0]!.values)) out.upserts.push(after[0]!);
    return;
  }
  const old = new Map(before.map((r) => [rowKey(r, keyWidth(r.table)), r]));
  for (const r of after) {
    const k = rowKey(r, keyWidth(r.table));
    const o = old.get(k);
    old.delete(k);
    if (!o || !sameValues(o.values, r.values)) out.upserts.push(r);
  }
  for (const o of old.values()) out.deletes.push(o);
};

/**
 * The rows to upsert and delete to turn what `before` wrote of collection `c` into state `s`,
 * and what is written afterwards. Reads only the keys the state's map says were set
 * (`writeTouched`) when it tracks them; otherwise walks the things in order comparing objects by
 * identity (nothing is built for an unchanged thing). An append-only array is only read past the
 * part already written. The written arrays of `before` may be advanced in place.
 */
export const diffCollection = (
  c: Collection,
  programmeId: string,
  before: Written,
  s: ProgrammeState,
  keyWidth: (t: ReadModelTableName) => number,
  out: RowChanges,
): Written => {
  const array = c.appendOnly ? c.appendOnly(s) : null;
  const n = before.keys.length;
  if (array !== null && array === before.array && array.length >= n) {
    if (array.length === n) return before;
    // Same array, only ever pushed to: the written prefix is unchanged, and `before` is advanced
    // in place (as the cached state is), so a long history is not copied at every change.
    for (let i = n; i < array.length; i++) {
      const entry = array[i] as RagChange;
      for (const r of c.rows(programmeId, entry.eventId, entry as never, i)) out.upserts.push(r);
      before.keys.push(entry.eventId);
      before.sources.push(entry);
    }
    return before;
  }
  const entries = c.entries(s);
  if (before.map !== undefined && before.map === entries) {
    const written = writeTouched(c, programmeId, before, before.map, keyWidth, out);
    if (written) return written;
  }
  // First look, without building anything: which places hold another object, and what was added.
  const changed: number[] = [];
  const changedTo: unknown[] = [];
  const addedKeys: (string | number)[] = [];
  const addedSources: unknown[] = [];
  let aligned = true;
  let i = 0;
  for (const [k, v] of entries) {
    if (i < n) {
      if (before.keys[i] !== k) {
        aligned = false;
        break;
      }
      if (before.sources[i] !== v) {
        changed.push(i);
        changedTo.push(v);
      }
    } else {
      addedKeys.push(k);
      addedSources.push(v);
    }
    i++;
  }
  if (aligned && i >= n) {
    const map = tracked(entries);
    if (changed.length === 0 && addedKeys.length === 0 && array === before.array && map === before.map) return before;
    // Always a copy: later writes grow these arrays in place (`writeTouched`, the append path).
    const keys = [...before.keys, ...addedKeys];
    const sources = before.sources.slice();
    for (const [j, at] of changed.entries()) {
      const k = before.keys[at]!;
      diffThing(
        c.rows(programmeId, k, before.sources[at] as never, at),
        c.rows(programmeId, k, changedTo[j] as never, at),
        keyWidth,
        out,
      );
      sources[at] = changedTo[j];
    }
    for (const [j, k] of addedKeys.entries()) {
      for (const r of c.rows(programmeId, k, addedSources[j] as never, n + j)) out.upserts.push(r);
      sources.push(addedSources[j]);
    }
    return { keys, sources, array, map };
  }
  // Things were removed or reordered (a refold after a retraction or a back-dated event): match by key.
  const keys: (string | number)[] = [];
  const sources: unknown[] = [];
  for (const [k, v] of c.entries(s)) {
    keys.push(k);
    sources.push(v);
  }
  const old = new Map<string | number, [unknown, number]>();
  for (let j = 0; j < n; j++) old.set(before.keys[j]!, [before.sources[j], j]);
  for (let j = 0; j < keys.length; j++) {
    const k = keys[j]!;
    const v = sources[j];
    const o = old.get(k);
    old.delete(k);
    if (o && o[0] === v && o[1] === j) continue;
    diffThing(
      o ? c.rows(programmeId, k, o[0] as never, o[1]) : [],
      c.rows(programmeId, k, v as never, j),
      keyWidth,
      out,
    );
  }
  for (const [k, [v, j]] of old) for (const r of c.rows(programmeId, k, v as never, j)) out.deletes.push(r);
  return { keys, sources, array, map: tracked(entries) };
};

/**
 * The rows of the things set in `map` since it was last written, and what is written then:
 * `before` itself, advanced in place (as the cached state is: whoever sees a write go wrong
 * forgets both). Undefined when the map cannot say (it stopped tracking: a key was removed),
 * or when what it says does not add up to its size; the caller walks instead.
 */
const writeTouched = (
  c: Collection,
  programmeId: string,
  before: Written,
  map: ThingMap<string | number, unknown>,
  keyWidth: (t: ReadModelTableName) => number,
  out: RowChanges,
): Written | undefined => {
  const touched = map.takeTouched();
  if (touched === undefined) return undefined;
  let index = before.index;
  if (!index) {
    index = new Map();
    for (let j = 0; j < before.keys.length; j++) index.set(before.keys[j]!, j);
    before.index = index;
  }
  let added = 0;
  for (const k of touched) if (!index.has(k)) added++;
  if (before.keys.length + added !== map.size) return undefined;
  // New keys come in the order they were first set, which is the map's order of insertion.
  for (const k of touched) {
    const v = map.get(k);
    const at = index.get(k);
    if (at === undefined) {
      const seq = before.keys.length;
      for (const r of c.rows(programmeId, k, v as never, seq)) out.upserts.push(r);
      before.keys.push(k);
      before.sources.push(v);
      index.set(k, seq);
    } else if (before.sources[at] !== v) {
      diffThing(
        c.rows(programmeId, k, before.sources[at] as never, at),
        c.rows(programmeId, k, v as never, at),
        keyWidth,
        out,
      );
      before.sources[at] = v;
    }
  }
  return before;
};
