import type { Command } from './commands.js';
import type { DecideContext } from './decide.js';
import { decide } from './decide.js';
import { DomainError } from './errors.js';
import type { DomainEvent } from './events.js';
import type { ProgrammeState } from './state.js';
import { resolveOccurredAt } from './time.js';
import {
  checkMeasuredAfterDefinition,
  checkPartnerOwnership,
  correctionOf,
  raisedByDefault,
} from './outcomes/record.js';

/** What `record` needs besides the state and the command: the clock, fresh ids and who is asking. */
export type RecordContext = DecideContext & {
  /** The server's clock, ISO 8601: commands never carry their own `recordedAt`. */
  now: string;
  /** The partner the sender is bound to (a partner lead), or null. */
  actorPartnerId: string | null;
};

/**
 * A decided event with the metadata the domain owns: the meeting it was recorded in, and whether
 * the command said its values are illustrative (`true` only; absent otherwise).
 */
export type RecordedDraft = DomainEvent & { meetingId: string | null; illustrative?: true; correctionOf?: string };

export type Recording = { occurredAt: string; events: RecordedDraft[] };

/**
 * A partner lead's training and self-assessments are their own organisation's unless they say
 * otherwise. Applied before the sender's rights are checked, so the check sees the real subject.
 */
export const applyPartnerDefault = (command: Command, actorPartnerId: string | null): Command =>
  actorPartnerId !== null &&
  (command.type === 'RecordTraining' || command.type === 'AssessMaturity') &&
  command.data.partnerId === undefined
    ? ({ ...command, data: { ...command.data, partnerId: actorPartnerId } } as Command)
    : raisedByDefault(command, actorPartnerId);

/**
 * Everything the domain says about a command before it is stored: when it happened (the
 * command's `occurredAt`, never in the future), the events it decides against `state`, and the
 * meeting each is recorded in. While a meeting is open every event carries its id (the meeting's
 * own opening and closing events included), so a minute can list what was recorded in it.
 * Pure: the clock and the id generator arrive in `ctx`.
 */
/** A correction occurred, unless it says otherwise, when the event it corrects did. */
const correctedAt = (command: Command, ctx: RecordContext) =>
  command.type === 'CorrectEvent' ? ctx.correcting?.(command.data.eventId)?.occurredAt : undefined;

export const record = (state: ProgrammeState, command: Command, ctx: RecordContext): Recording => {
  const occurredAt = resolveOccurredAt(command.occurredAt ?? correctedAt(command, ctx), ctx.now);
  const sent = applyPartnerDefault(command, ctx.actorPartnerId);
  checkPartnerOwnership(state, sent, ctx.actorPartnerId);
  if (ctx.actorPartnerId !== null && sent.type === 'CompleteAction') {
    const owner = state.actions.get(sent.data.actionId)?.ownerPartnerId;
    if (owner !== undefined && owner !== ctx.actorPartnerId)
      throw new DomainError(
        'forbidden',
        `action ${sent.data.actionId} is owned by ${owner}, not ${ctx.actorPartnerId}`,
      );
  }
  checkMeasuredAfterDefinition(state, sent, occurredAt);
  const decided = decide(state, sent, ctx);
  const replaces = correctionOf(command);
  let open = state.openMeetingId;
  const events = decided.map((event): RecordedDraft => {
    const meetingId = event.type === 'MeetingOpened' ? event.data.meetingId : open;
    if (event.type === 'MeetingOpened') open = event.data.meetingId;
    if (event.type === 'MeetingClosed' && open === event.data.meetingId) open = null;
    // A correction's first event is the retraction; what follows is the replacement.
    const marks = replaces !== undefined && event.type !== 'EventRetracted' ? { correctionOf: replaces } : {};
    return command.illustrative
      ? { ...event, meetingId, illustrative: true, ...marks }
      : { ...event, meetingId, ...marks };
  });
  return { occurredAt, events };
};
