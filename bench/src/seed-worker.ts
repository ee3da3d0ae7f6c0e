import { parentPort, workerData } from 'node:worker_threads';
import type { SeedPlan } from './seed.js';
import { generateRows } from './seed.js';

/** Generates a plan's rows for `seedEvents`, at most four batches ahead of the thread writing them. */
const port = parentPort!;
let credit = 4;
let wake: (() => void) | null = null;
port.on('message', () => {
  credit++;
  wake?.();
});
for await (const batch of generateRows(workerData as SeedPlan)) {
  while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
  wake = null;
  credit--;
  port.postMessage(batch);
}
port.postMessage('done');
port.close();
