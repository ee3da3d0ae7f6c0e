import type { EventType } from './events.js';
import type { FoldableEvent } from './evolve.js';
import { applyEvent } from './evolve.js';
import type { ProgrammeState } from './state.js';
import { initialState } from './state.js';

/**
 * A programme's log laid out along valid time, with snapshots of the fold on the way, so that
 * "the state as of D" folds only from the nearest snapshot before D instead of from event 1.
 * It covers the knowledge cut "everything recorded" (no `knownAt`, no `atPosition`); other cuts
 * fold the log itself.
 */
export type Timeline = {
  /** The events it was built from, in position order. */
  known: readonly FoldableEvent[];
  /** What the fold applies: the known events not retracted, in (`occurredAt`, `position`) order. */
  applied: FoldableEvent[];
  /** States after the first `index` applied events, oldest first. */
  snapshots: { index: number; state: ProgrammeState }[];
  /** Events between two snapshots. */
  every: number;
  /** The parts of the fold that do not depend on `asOf`. */
  version: number;
  position: number;
  eventTypes: Map<string, EventType>;
  retracted: Set<string>;
};

const byValidTime = (a: FoldableEvent, b: FoldableEvent) =>
  a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.position - b.position;

/**
 * Snapshots every `every` applied events: about 32 along any log, never closer than 500 events.
 * Folding from a snapshot then costs at most `every` events, and snapshots share the things they
 * hold (a fold replaces a changed thing's object, never edits it), so each costs only its maps.
 */
export const snapshotSpacing = (events: number) => Math.max(500, Math.ceil(events / 32));

/** How far apart snapshots are for a log of `events` applied events. */
export type Spacing = (events: number) => number;

/**
 * A state that shares `s`'s things but not its collections: applying events to it leaves `s` as
 * it was. The fold replaces a thing's object whenever it changes, so the things can be shared.
 */
export const branchState = (s: ProgrammeState): ProgrammeState => {
  const copy = { ...s } as Record<string, unknown>;
  for (const [k, v] of Object.entries(copy))
    if (v instanceof Map) copy[k] = new Map(v);
    else if (v instanceof Set) copy[k] = new Set(v);
    else if (Array.isArray(v)) copy[k] = v.slice();
  return copy as ProgrammeState;
};

/** A snapshot keeps no per-event bookkeeping: the timeline holds it once for every `asOf`. */
const snapshotOf = (s: ProgrammeState): ProgrammeState =>
  branchState({ ...s, eventTypes: new Map(), retracted: new Set() });

const build = (known: readonly FoldableEvent[], spacing: Spacing, previous?: Timeline): Timeline => {
  const retracted = new Set<string>();
  for (const e of known) if (e.type === 'EventRetracted') retracted.add(e.data.eventId);
  const applied = known.filter((e) => !retracted.has(e.id)).sort(byValidTime);
  const eventTypes = new Map<string, EventType>();
  let version = 0;
  let position = 0;
  for (const e of known) {
    version = Math.max(version, e.version);
    position = Math.max(position, e.position);
    if (!retracted.has(e.id)) eventTypes.set(e.id, e.type);
  }
  let snapshots: Timeline['snapshots'] = [];
  if (previous) {
    // Snapshots stay valid up to the first applied event that differs: where a back-dated event
    // or a retraction landed.
    let same = 0;
    const limit = Math.min(previous.applied.length, applied.length);
    while (same < limit && previous.applied[same] === applied[same]) same++;
    snapshots = previous.snapshots.filter((s) => s.index <= same);
  }
  return respaced(
    {
      known,
      applied,
      snapshots,
      every: previous?.every ?? spacing(applied.length),
      version,
      position,
      eventTypes,
      retracted,
    },
    spacing,
  );
};

/** Keeps snapshots about as many as `spacing` wants as the log grows: those off the new grid go. */
const respaced = (t: Timeline, spacing: Spacing): Timeline => {
  const every = spacing(t.applied.length);
  if (every <= t.every * 2 && every * 2 >= t.every) return t;
  return { ...t, every, snapshots: t.snapshots.filter((s) => s.index % every === 0) };
};

/**
 * The timeline of `events` (a programme's log in position order). Given the timeline of an
 * earlier prefix of the same log, it is extended: events that land at the end of valid time keep
 * every snapshot; a back-dated event or a retraction drops the snapshots from where it lands.
 */
export const timelineOf = (
  events: readonly FoldableEvent[],
  previous?: Timeline,
  spacing: Spacing = snapshotSpacing,
): Timeline => {
  if (!previous) return build(events, spacing);
  const n = previous.known.length;
  const extends_ = n <= events.length && (n === 0 || events[n - 1] === previous.known[n - 1]);
  if (!extends_) return build(events, spacing);
  if (n === events.length) return previous;
  const added = events.slice(n);
  const lastApplied = previous.applied[previous.applied.length - 1];
  const atTheEnd = added.every(
    (e, i) => e.type !== 'EventRetracted' && byValidTime(i === 0 ? (lastApplied ?? e) : added[i - 1]!, e) <= 0,
  );
  if (!atTheEnd) return build(events, spacing, previous);
  const next: Timeline = { ...previous, known: events, applied: [...previous.applied, ...added] };
  for (const e of added) {
    next.version = Math.max(next.version, e.version);
    next.position = Math.max(next.position, e.position);
    next.eventTypes.set(e.id, e.type);
  }
  return respaced(next, spacing);
};

/** How many applied events occurred at or before `asOf`: applied is in valid-time order. */
const countBy = (applied: readonly FoldableEvent[], asOf: string) => {
  let lo = 0;
  let hi = applied.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (applied[mid]!.occurredAt <= asOf) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * The state as of `asOf` (everything recorded): equal to `fold(timeline.known, { asOf })`, folded
 * from the nearest snapshot, taking new snapshots on the way. The result shares the timeline's
 * things and bookkeeping: read it, do not apply events to it.
 */
export const foldAsOf = (timeline: Timeline, asOf: string | undefined): ProgrammeState => {
  const { applied, snapshots, every } = timeline;
  const n = asOf === undefined ? applied.length : countBy(applied, asOf);
  let from = 0;
  for (const s of snapshots) if (s.index <= n && s.index > from) from = s.index;
  const start = snapshots.find((s) => s.index === from);
  const state = start ? branchState(start.state) : initialState();
  // What the fold's bookkeeping would collect is the timeline's already, for every `asOf`.
  state.eventTypes = new Map();
  state.retracted = new Set();
  for (let i = from; i < n; i++) {
    applyEvent(state, applied[i]!);
    const index = i + 1;
    if (index % every === 0 && !snapshots.some((s) => s.index === index)) {
      snapshots.push({ index, state: snapshotOf(state) });
      snapshots.sort((a, b) => a.index - b.index);
    }
  }
  state.version = timeline.version;
  state.position = timeline.position;
  state.eventTypes = timeline.eventTypes;
  state.retracted = timeline.retracted;
  return state;
};
