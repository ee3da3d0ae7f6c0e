import type { RecordedEvent } from '@steerlog/domain';

const DAY = 86_400_000;
const dayOf = (instant: string) => instant.slice(0, 10);
const dayBefore = (instant: string) =>
  new Date(Date.parse(`${dayOf(instant)}T00:00:00Z`) - DAY).toISOString().slice(0, 10);

/**
 * A day on which the record as then known differs from the record as known now: the eve of an
 * entry made late (about something that had already happened) or of a retraction. Shown as the
 * programme on that day as known that day, against the same day as known now.
 */
export type Hindsight = {
  /** Both cuts of the comparison: what had happened by this day, as known on this day. */
  day: string;
  kind: 'late' | 'retracted';
  /** The late entry, or the retraction. */
  event: RecordedEvent;
  /** For a retraction: the entry it took back. */
  retracted?: RecordedEvent;
};

/**
 * The days where hindsight changes the picture, newest first: every entry recorded on a later day
 * than the one it is about (one per recording day), and every retraction of an entry that had
 * been on the record for at least a day.
 */
export const hindsightDays = (events: readonly RecordedEvent[]): Hindsight[] => {
  const byId = new Map(events.map((e) => [e.id, e]));
  const found = new Map<string, Hindsight>();
  for (const e of events) {
    if (e.type === 'EventRetracted') {
      const retracted = byId.get(e.data.eventId);
      if (retracted && dayOf(retracted.recordedAt) < dayOf(e.recordedAt))
        found.set(`r${e.id}`, { day: dayBefore(e.recordedAt), kind: 'retracted', event: e, retracted });
    } else if (dayOf(e.occurredAt) < dayBefore(e.recordedAt) && !found.has(`l${dayOf(e.recordedAt)}`))
      found.set(`l${dayOf(e.recordedAt)}`, { day: dayBefore(e.recordedAt), kind: 'late', event: e });
  }
  return [...found.values()].sort((a, b) => (a.day < b.day ? 1 : a.day > b.day ? -1 : 0));
};

/**
 * What the record as known at the end of `knownAt` leaves out or still shows about the programme
 * at the end of `asOf`, compared with now: entries made later about things that had happened by
 * then, and retractions made later of entries already on the record.
 */
export const learntSince = (events: readonly RecordedEvent[], asOf: string, knownAt: string) => {
  const asOfEnd = `${asOf}T23:59:59.999Z`;
  const knownEnd = `${knownAt}T23:59:59.999Z`;
  const byId = new Map(events.map((e) => [e.id, e]));
  const afterwards = events.filter((e) => e.recordedAt > knownEnd);
  return {
    // A retraction takes its entry out whatever its own date, so only the entry's date counts.
    recordedLater: afterwards.filter((e) => e.type !== 'EventRetracted' && e.occurredAt <= asOfEnd),
    retractedLater: afterwards.flatMap((e) => {
      if (e.type !== 'EventRetracted') return [];
      const target = byId.get(e.data.eventId);
      return target && target.recordedAt <= knownEnd && target.occurredAt <= asOfEnd ? [{ retraction: e, target }] : [];
    }),
  };
};
