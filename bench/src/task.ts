/**
 * The entry of every child process the bench starts: `task.ts NAME JSON-ARGS`. A one-shot task
 * returns its result; a service task (a server) gets `serve(handlers)` and answers requests.
 */
export type Handlers = Record<string, (args: unknown) => unknown>;
export type TaskContext = { serve: (ready: unknown, handlers: Handlers) => Promise<void> };
type Task = (args: never, ctx: TaskContext) => Promise<unknown>;

/** Each child loads only the suite its task belongs to (a rebuild child never loads Fastify). */
const suites: Record<string, () => Promise<Record<string, Task>>> = {
  append: async () => (await import('./suites/append.js')).appendTasks,
  concurrent: async () => (await import('./suites/concurrent.js')).concurrentTasks,
  rebuild: async () => (await import('./suites/rebuild.js')).rebuildTasks,
  timetravel: async () => (await import('./suites/time-travel.js')).timeTravelTasks,
  fanout: async () => (await import('./suites/fan-out.js')).fanOutTasks,
  server: async () => (await import('./suites/server.js')).serverTasks,
  postgres: async () => (await import('./suites/postgres.js')).postgresTasks,
};

const send = (m: unknown) => new Promise<void>((resolve) => process.send!(m, () => resolve()));

const serve: TaskContext['serve'] = (ready, handlers) =>
  new Promise((resolve) => {
    process.on('message', (m: { id: number; op: string; args: unknown }) => {
      if (m.op === 'stop') {
        process.removeAllListeners('message');
        resolve();
        return;
      }
      const handler = handlers[m.op];
      Promise.resolve()
        .then(() => {
          if (!handler) throw new Error(`no handler for ${m.op}`);
          return handler(m.args);
        })
        .then(
          (value) => send({ type: 'reply', id: m.id, value }),
          (error: unknown) => send({ type: 'error', id: m.id, message: String((error as Error)?.stack ?? error) }),
        );
    });
    void send({ type: 'ready', value: ready });
  });

const [name = '', json = '{}'] = process.argv.slice(2);
try {
  const task = (await suites[name.split('-')[0]!]?.())?.[name];
  if (!task) throw new Error(`unknown task ${name}`);
  const value = await task(JSON.parse(json) as never, { serve });
  await send({ type: 'result', value });
  // Exit now, whatever handles a library left open (a CPU profile is still written on exit).
  process.exit(0);
} catch (error) {
  await send({ type: 'error', message: String((error as Error)?.stack ?? error) });
  process.exit(1);
}
