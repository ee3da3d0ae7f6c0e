import type { FoldableEvent } from './evolve.js';
import { applyEvent } from './evolve.js';
import type { ProgrammeState } from './state.js';
import { initialState } from './state.js';

/**
 * A bitemporal cut of the log. `asOf` is valid time (when things happened in the world),
 * `knownAt` is recorded time (when Steerlog learned them), `atPosition` cuts the log itself.
 * All are inclusive; a missing bound means "no limit", which is "now" for a log that never
 * records the future.
 */
export type Cut = { asOf?: string | undefined; knownAt?: string | undefined; atPosition?: number | undefined };

const inKnowledge = (e: FoldableEvent, cut: Cut) =>
  (cut.knownAt === undefined || e.recordedAt <= cut.knownAt) &&
  (cut.atPosition === undefined || e.position <= cut.atPosition);

/**
 * The state of a programme as of `cut.asOf`, as known at `cut.knownAt` and `cut.atPosition`.
 *
 * Events recorded inside the knowledge cut are taken; those a retraction inside the same
 * knowledge cut withdraws are left out, whatever the retraction's own `occurredAt` (what we know
 * now to be a mistake was a mistake then too); the rest that occurred by `asOf` are applied in
 * (`occurredAt`, `position`) order, so a back-dated event lands where it belongs in valid time.
 * `version` and `position` report the last event inside the knowledge cut.
 */
export const fold = (events: readonly FoldableEvent[], cut: Cut = {}): ProgrammeState => {
  const known = events.filter((e) => inKnowledge(e, cut));
  const retracted = new Set<string>();
  for (const e of known) if (e.type === 'EventRetracted') retracted.add(e.data.eventId);
  const applied = known
    .filter((e) => !retracted.has(e.id) && (cut.asOf === undefined || e.occurredAt <= cut.asOf))
    .sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.position - b.position));
  const state = initialState();
  for (const e of applied) applyEvent(state, e);
  for (const e of known) {
    state.version = Math.max(state.version, e.version);
    state.position = Math.max(state.position, e.position);
    if (!retracted.has(e.id)) state.eventTypes.set(e.id, e.type);
  }
  for (const id of retracted) state.retracted.add(id);
  return state;
};
