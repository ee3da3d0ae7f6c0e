import type { Command, DomainEvent, EventEnvelope, FoldableEvent, ProgrammeState } from '@steerlog/domain';
import {
  applyEvent,
  canonicalJson,
  decide,
  DomainError,
  fold,
  initialState,
  needsRefold,
  recordedBy,
} from '@steerlog/domain';

/**
 * The command data that would have decided `event`: its data less what `decide` works out from
 * the state (the previous rating, the previous due date, the retracted event's type, the open
 * meeting), so that `decide` computes those again and a forged value shows.
 */
const commandData = (event: DomainEvent): Record<string, unknown> => {
  const data: Record<string, unknown> = { ...event.data };
  switch (event.type) {
    case 'ProgrammeLaunched':
      delete data['programmeId'];
      break;
    case 'MilestoneRescheduled':
      delete data['previousDueOn'];
      break;
    case 'RagChanged':
      delete data['previous'];
      break;
    case 'EventRetracted':
      delete data['retractedType'];
      break;
    case 'RiskRescored':
      delete data['previousLikelihood'];
      delete data['previousImpact'];
      break;
    case 'DecisionRecorded':
    case 'TrainingDelivered':
    case 'MaturityAssessed':
      // `decide` writes null for "none given"; a command says so by leaving the field out.
      for (const field of ['meetingId', 'partnerId']) if (data[field] === null) delete data[field];
      break;
    default:
      break;
  }
  return data;
};

type Programme = { state: ProgrammeState; events: FoldableEvent[] };

/**
 * Admits imported events one at a time, in position order, by the rules the command path holds
 * commands to: each event must be exactly what its command would have decided against the
 * programme as it stood (a programme starts with its launch; references, retractions and
 * corrections target things and events that exist; the meeting it was recorded in is the one
 * open then), and its dates must be real instants, the occurrence no later than the recording.
 * Returns why an event is refused, or null.
 */
export class ImportAdmission {
  private readonly programmes = new Map<string, Programme>();
  private readonly ids = new Set<string>();

  constructor(private readonly now: string) {}

  admit(envelope: Omit<EventEnvelope, 'type' | 'data'>, event: DomainEvent): string | null {
    if (this.ids.has(envelope.id)) return `event id ${envelope.id} appears twice`;
    if (envelope.occurredAt > envelope.recordedAt)
      return `occurredAt ${envelope.occurredAt} is after recordedAt ${envelope.recordedAt}: the future cannot have happened yet`;
    if (envelope.recordedAt > this.now) return `recordedAt ${envelope.recordedAt} is in the future`;
    const programme = this.programmes.get(envelope.programmeId) ?? { state: initialState(), events: [] };
    if (programme.state.programmeId === null && event.type !== 'ProgrammeLaunched')
      return `${envelope.programmeId} does not start with ProgrammeLaunched`;
    if (event.type === 'ProgrammeLaunched' && event.data.programmeId !== envelope.programmeId)
      return `ProgrammeLaunched names ${event.data.programmeId}, not ${envelope.programmeId}`;
    const correctionOf = (envelope.meta as Record<string, unknown>)['correctionOf'];
    // A correction's replacement follows the retraction of what it replaces, in the same append.
    if (typeof correctionOf === 'string' && !programme.state.retracted.has(correctionOf))
      return `corrects event ${correctionOf}, which is not an earlier retracted event of ${envelope.programmeId}`;
    const command = { type: recordedBy[event.type], data: commandData(event) } as Command;
    let decided: DomainEvent[];
    try {
      decided = decide(programme.state, command, {
        programmeId: envelope.programmeId,
        // An imported event names every id it made; an id `decide` had to invent means one is missing.
        newId: (kind) => {
          throw new DomainError('duplicate_id', `the event names no ${kind} id`);
        },
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return `${event.type} could not have been recorded here: ${error.code} (${error.message})`;
    }
    const expected = decided[0];
    if (decided.length !== 1 || expected === undefined || expected.type !== event.type)
      return `${event.type} is not what ${command.type} records`;
    if (canonicalJson(expected.data) !== canonicalJson(event.data))
      return `${event.type} does not follow from the events before it (its data differs from what ${command.type} would record)`;
    const open = programme.state.openMeetingId;
    const meetingId = event.type === 'MeetingOpened' ? event.data.meetingId : open;
    if ((envelope.meta.meetingId ?? null) !== meetingId)
      return `meta.meetingId is ${envelope.meta.meetingId ?? 'absent'}, but the meeting open then was ${meetingId ?? 'none'}`;
    const foldable = { ...event, ...pick(envelope) };
    programme.events.push(foldable);
    if (needsRefold(programme.state, foldable)) programme.state = fold(programme.events);
    else applyEvent(programme.state, foldable);
    this.programmes.set(envelope.programmeId, programme);
    this.ids.add(envelope.id);
    return null;
  }
}

const pick = (e: Omit<EventEnvelope, 'type' | 'data'>) => ({
  id: e.id,
  position: e.position,
  version: e.version,
  occurredAt: e.occurredAt,
  recordedAt: e.recordedAt,
});
