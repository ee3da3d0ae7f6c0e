import type { Command } from '@steerlog/domain';

/**
 * A contract command as the demo loader sends it through the command handler: the date it
 * happened in the world (from the documents), when Steerlog would have recorded it had the
 * programme used it then (simulated, see `recordedAt`), and who recorded it. `Command` is the
 * domain's zod-inferred union, so tsc checks every field of the demo data.
 */
export type DemoCommand = Command & {
  occurredAt: string;
  /** The simulated server clock for this command (ISO 8601): the loader records it at this instant. */
  recordedAt: string;
  actor: string;
  /**
   * For a retraction or a correction: the index (in its programme's commands) of the command whose first event it
   * retracts. Event ids are made by the store, so the loader fills in `data.eventId` from it.
   */
  target?: number;
};

export type DemoProgramme = { programmeId: string; commands: readonly DemoCommand[] };

type DataOf<TType extends Command['type']> = Extract<Command, { type: TType }>['data'];

/** What a block of commands says about itself: who recorded it, when, and whether it is illustrative. */
export type Block = {
  by?: string;
  /** When the block was recorded; default 10:00 UTC on its date. A late entry gives a later instant. */
  recordedAt?: string;
  /** Every value in the block is illustrative: the documents do not give it. */
  illustrative?: boolean;
};

/** Marks one command's values as illustrative (`add(type, data, ILLUSTRATIVE)`). */
export const ILLUSTRATIVE = { illustrative: true } as const;

const MINUTE = 60_000;

/** What `add` returns: the command's index, for a later retraction to name. */
export type Added = { readonly index: number };

/**
 * Builds the commands of one programme in recording order. `on(date, block)` sets the occurredAt
 * (and the actor, recording time and illustrative mark) for the commands that follow, so a
 * meeting reads as one dated block; each command of a block is recorded a minute after the one
 * before, as a coordinator typing through a meeting would. `everyIllustrative` marks a programme
 * that is an illustrative composite as a whole.
 */
export const programmeBuilder = (defaultActor: string, { everyIllustrative = false } = {}) => {
  const commands: DemoCommand[] = [];
  let occurredAt = '';
  let block: Block = {};
  let clock = 0;
  const push = (command: Omit<DemoCommand, 'recordedAt' | 'actor' | 'occurredAt'>, illustrative: boolean): Added => {
    if (!occurredAt) throw new Error(`set a date with on() before ${command.type}`);
    const recordedAt = new Date(clock).toISOString();
    if (recordedAt < `${occurredAt}T00:00:00.000Z`)
      throw new Error(`${command.type} on ${occurredAt} would be recorded before it happened (${recordedAt})`);
    clock += MINUTE;
    const actor = block.by ?? defaultActor;
    commands.push({ ...command, occurredAt, recordedAt, actor, ...(illustrative ? ILLUSTRATIVE : {}) } as DemoCommand);
    return { index: commands.length - 1 };
  };
  const add = <TType extends Command['type']>(
    type: TType,
    data: DataOf<TType>,
    mark: { illustrative?: boolean } = {},
  ): Added =>
    // `type` and `data` agree by construction; TypeScript cannot correlate them through the generic.
    push({ type, data }, mark.illustrative ?? block.illustrative ?? everyIllustrative);
  const on = (date: string, given: Block | string = {}): void => {
    occurredAt = date;
    block = typeof given === 'string' ? { by: given } : given;
    const start = Date.parse(block.recordedAt ?? `${date}T10:00:00.000Z`);
    if (Number.isNaN(start)) throw new Error(`recordedAt ${block.recordedAt} is not an instant`);
    // The list is in recording order: a block recorded later the same day follows the last one,
    // and one that would be recorded a day or more before it is out of place (a late entry goes
    // where it was recorded, not where it happened).
    if (clock - start >= 86_400_000)
      throw new Error(`the block on ${date} is recorded before ${new Date(clock).toISOString()}: move it`);
    clock = Math.max(start, clock);
  };
  /** Retracts the first event of an earlier command, recorded in the current block. */
  const retract = (earlier: Added, reason: string): Added => {
    const added = push({ type: 'RetractEvent', data: { eventId: 'filled-in-at-load', reason } }, false);
    commands[added.index] = { ...commands[added.index]!, target: earlier.index };
    return added;
  };
  /**
   * Corrects the first event of an earlier command in one step (contract v2 `CorrectEvent`): the
   * replacement is a command of the same type, recorded in the current block.
   */
  const correct = <TType extends Command['type']>(
    earlier: Added,
    reason: string,
    replacement: { type: TType; data: DataOf<TType> },
  ): Added => {
    const added = push(
      { type: 'CorrectEvent', data: { eventId: 'filled-in-at-load', reason, replacement } },
      block.illustrative ?? everyIllustrative,
    );
    commands[added.index] = { ...commands[added.index]!, target: earlier.index };
    return added;
  };
  return { add, on, retract, correct, commands: commands as readonly DemoCommand[] };
};
