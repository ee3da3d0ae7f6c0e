import type { Command } from '../commands.js';
import { DomainError } from '../errors.js';
import type { ProgrammeState } from '../state.js';
import { ownerInState } from './decide.js';

/** A partner lead's issues are raised by their own organisation unless they say otherwise. */
export const raisedByDefault = (command: Command, actorPartnerId: string | null): Command =>
  actorPartnerId !== null && command.type === 'RaiseIssue' && command.data.raisedByPartnerId === undefined
    ? { ...command, data: { ...command.data, raisedByPartnerId: actorPartnerId } }
    : command;

/**
 * A partner lead may record a measurement of an indicator their organisation owns, and attach
 * evidence about their own things: who owns those is in the state, so the domain checks it
 * (the route lets these two through for partner leads; see `ownershipCheckedByDomain`).
 */
export const checkPartnerOwnership = (s: ProgrammeState, command: Command, actorPartnerId: string | null) => {
  if (actorPartnerId === null || !ownershipCheckedByDomain(command)) return;
  const owner = ownerInState(s, command);
  // Unknown indicators and things are left to decide, which names them.
  if (owner === actorPartnerId) return;
  if (command.type === 'RecordMeasurement' && !s.indicators.has(command.data.indicatorId)) return;
  throw new DomainError(
    'forbidden',
    `a partner lead records only about their own organisation (${actorPartnerId}); this ${command.type} is about ${owner ? `another organisation's (${owner})` : 'something no partner owns'}`,
  );
};

export const ownershipCheckedByDomain = (
  command: Command,
): command is Extract<Command, { type: 'RecordMeasurement' | 'AttachEvidence' }> =>
  command.type === 'RecordMeasurement' || command.type === 'AttachEvidence';

/** The event a command corrects, when it is a correction. */
export const correctionOf = (command: Command): string | undefined =>
  command.type === 'CorrectEvent' ? command.data.eventId : undefined;
