import type { z } from 'zod';
import { recordedBy } from '../catalogue.js';
import type { Command } from '../commands.js';
import { Command as CommandSchema } from '../commands.js';
import type { DecideContext } from '../decide.js';
import { DomainError } from '../errors.js';
import type { DomainEvent } from '../events.js';
import type { FoldableEvent } from '../evolve.js';
import { fold } from '../fold.js';
import type { ProgrammeState } from '../state.js';
import type { CorrectEvent } from './commands.js';

/**
 * What a correction needs from outside the state: the programme as it would be without the
 * corrected event (the replacement is decided against that, so it may reuse the ids the original
 * created), and when the original occurred (the replacement's default `occurredAt`).
 */
export type Correcting = (eventId: string) => { state: ProgrammeState; occurredAt: string } | undefined;

/**
 * `CorrectEvent`: the retraction of `eventId`, then the events of its replacement, decided in
 * one go so that either both are recorded or neither. The replacement must be a command of the
 * type that made the event and valid by itself (its own schema, its own rules).
 */
export const decideCorrection = (
  s: ProgrammeState,
  command: z.infer<typeof CorrectEvent>,
  ctx: DecideContext,
  decideReplacement: (state: ProgrammeState, command: Command) => DomainEvent[],
): DomainEvent[] => {
  const { eventId, reason, replacement } = command.data;
  if (s.retracted.has(eventId)) throw new DomainError('already_retracted', `event ${eventId} is already retracted`);
  const type = s.eventTypes.get(eventId);
  if (type === undefined) throw new DomainError('unknown_event', `event ${eventId} in this programme does not exist`);
  if (type === 'ProgrammeLaunched' || type === 'EventRetracted')
    throw new DomainError('not_retractable', `a ${type} event cannot be corrected`);
  // The file behind evidence is fixed by its hash: a different file is a new upload, not a correction.
  if (type === 'EvidenceAttached')
    throw new DomainError('not_correctable', 'evidence is corrected by retracting it and uploading the right file');
  const expected = recordedBy[type];
  if (replacement.type !== expected)
    throw new DomainError(
      'correction_type_mismatch',
      `a ${type} event is replaced by a ${expected} command, not ${replacement.type}`,
    );
  const parsed = CommandSchema.safeParse({ type: replacement.type, data: replacement.data });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = ['replacement', ...issue.path.map(String)].join('.');
    throw new DomainError('invalid_replacement', `${field}: ${issue.message}`, { cause: parsed.error });
  }
  const without = ctx.correcting?.(eventId);
  if (!without) throw new Error(`a correction needs the programme without event ${eventId} (ctx.correcting)`);
  const replaced = decideReplacement(without.state, parsed.data);
  return [{ type: 'EventRetracted', data: { eventId, reason, retractedType: type } }, ...replaced];
};

/** `Correcting` over a programme's whole log (what the store and the test log hold). */
export const correctingFrom =
  (events: readonly FoldableEvent[]): Correcting =>
  (eventId) => {
    const original = events.find((e) => e.id === eventId);
    return original && { state: fold(events.filter((e) => e.id !== eventId)), occurredAt: original.occurredAt };
  };
