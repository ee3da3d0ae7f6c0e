import type { Command } from '@steerlog/domain';

/**
 * A contract command as the demo loader sends it through the command handler: the date it
 * happened in the world (from the documents) and who recorded it. `Command` is the domain's
 * zod-inferred union, so tsc checks every field of the demo data.
 */
export type DemoCommand = Command & { occurredAt: string; actor: string };

export type DemoProgramme = { programmeId: string; commands: readonly DemoCommand[] };

type DataOf<TType extends Command['type']> = Extract<Command, { type: TType }>['data'];

/**
 * Builds the commands of one programme in recording order. `on(date)` sets the occurredAt (and
 * optionally the actor) for the commands that follow, so a meeting reads as one dated block.
 */
export const programmeBuilder = (defaultActor: string) => {
  const commands: DemoCommand[] = [];
  let occurredAt = '';
  let actor = defaultActor;
  const add = <TType extends Command['type']>(type: TType, data: DataOf<TType>): void => {
    if (!occurredAt) throw new Error(`set a date with on() before ${type}`);
    // `type` and `data` agree by construction; TypeScript cannot correlate them through the generic.
    commands.push({ type, data, occurredAt, actor } as DemoCommand);
  };
  const on = (date: string, by: string = defaultActor): void => {
    occurredAt = date;
    actor = by;
  };
  return { add, on, commands: commands as readonly DemoCommand[] };
};
