import type { Command } from '@steerlog/domain';
import { dundee, dundeeFacts } from './programmes/dundee.js';
import { readiness, readinessFacts } from './programmes/readiness.js';
import { somerset, somersetFacts } from './programmes/somerset.js';
import type { DemoCommand, DemoProgramme } from './types.js';

export type { DemoCommand, DemoProgramme } from './types.js';

/**
 * The demo programmes, each a sequence of contract commands in recording order, to be sent
 * through the command handler (never inserted as raw events). Built from the seed documents;
 * anything the documents do not say is recorded with `illustrative: true`.
 */
export const demoProgrammes: readonly DemoProgramme[] = [dundee, somerset, readiness];

/** The documented figures each programme's folded state must show, keyed by programmeId. */
export const documentFacts = {
  'dundee-tsg': dundeeFacts,
  'trauma-informed-somerset': somersetFacts,
  'nttp-readiness': readinessFacts,
} as const;

/** One command of the demo's history, with where it belongs and its place in that programme. */
export type Scheduled = { programmeId: string; index: number; command: DemoCommand };

/**
 * Every programme's commands merged into the one order Steerlog would have recorded them in,
 * had the programmes used it at the time: by simulated `recordedAt`, each programme's own order
 * kept. Loading them in this order, each at its `recordedAt`, writes the positions, the chain and
 * the recorded times of that history.
 */
export const demoSchedule = (programmes: readonly DemoProgramme[] = demoProgrammes): Scheduled[] =>
  programmes
    .flatMap((p) => p.commands.map((command, index) => ({ programmeId: p.programmeId, index, command })))
    .sort((a, b) =>
      a.command.recordedAt < b.command.recordedAt ? -1 : a.command.recordedAt > b.command.recordedAt ? 1 : 0,
    );

/**
 * The contract command to send for a scheduled one: its envelope fields, and for a retraction
 * the id of the event it names, looked up from what the loader has recorded so far.
 */
export const commandToSend = (command: DemoCommand, eventIdOf: (index: number) => string): Command => {
  const { type, data, occurredAt, illustrative, target } = command;
  const resolved = target === undefined ? data : { ...data, eventId: eventIdOf(target) };
  return { type, data: resolved, occurredAt, ...(illustrative ? { illustrative } : {}) } as Command;
};

/** How the demo reaches a store: the command handler, given the sender and the simulated clock. */
export type DemoHandler = (
  programmeId: string,
  command: Command,
  options: { actor: string; now: Date },
) => Promise<{ events: readonly { id: string }[] }>;

/**
 * Records the demo's history through `handle` (the store's command handler, so never as raw
 * events), each command at the instant it would have been recorded, in `demoSchedule` order.
 */
export const recordDemo = async (
  handle: DemoHandler,
  onProgress: (done: number, total: number) => void = () => {},
): Promise<{ programmes: number; commands: number }> => {
  const schedule = demoSchedule();
  const recorded = new Map<string, string[]>();
  let done = 0;
  for (const { programmeId, index, command } of schedule) {
    const ids = recorded.get(programmeId) ?? recorded.set(programmeId, []).get(programmeId)!;
    const { events } = await handle(
      programmeId,
      commandToSend(command, (target) => ids[target]!),
      { actor: command.actor, now: new Date(command.recordedAt) },
    );
    ids[index] = events[0]!.id;
    onProgress(++done, schedule.length);
  }
  return { programmes: recorded.size, commands: schedule.length };
};
