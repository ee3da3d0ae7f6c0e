import { demoProgrammes } from '@steerlog/demo';
import type { Store } from '@steerlog/store';

/**
 * Loads the demo programmes through the command handler, as a coordinator would have typed
 * them (never raw inserts), reporting progress as it goes.
 */
export const loadDemo = async (store: Store, onProgress: (done: number, total: number) => void = () => {}) => {
  const total = demoProgrammes.reduce((n, p) => n + p.commands.length, 0);
  let done = 0;
  for (const programme of demoProgrammes)
    for (const { actor, ...command } of programme.commands) {
      await store.handle(programme.programmeId, command, { actor });
      onProgress(++done, total);
    }
  return { programmes: demoProgrammes.length, commands: total };
};
