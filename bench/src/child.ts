import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { profile, resultsDir } from './config.js';

const taskFile = fileURLToPath(new URL('./task.ts', import.meta.url));
const register = fileURLToPath(new URL('./register.mjs', import.meta.url));

type Message = { type: 'result' | 'ready' | 'reply' | 'error'; id?: number; value?: unknown; message?: string };

const profiled = new Set<string>();

/**
 * Whether `label` is to be profiled (`BENCH_PROFILE=label,…` or `all`), once per bench run;
 * returns the folder for its profile.
 */
export const wantsProfile = (label: string) => profile.includes(label) || profile.includes('all');

export const profileDir = (label: string): string | null => {
  if (!(profile.includes(label) || profile.includes('all')) || profiled.has(label)) return null;
  profiled.add(label);
  const dir = join(resultsDir, 'profiles', label);
  mkdirSync(dir, { recursive: true });
  return dir;
};

/** How a child runs the workspace's code: TypeScript through esbuild (profiles) or tsx, or built JavaScript. */
export type Loader = 'esbuild' | 'tsx' | 'built';

/**
 * Node flags for a child: the source condition and the TypeScript loader; for a one-shot task
 * a whole-process CPU profile when asked for (a service is profiled over a window instead:
 * see `profileWindow`).
 */
const execArgv = (task: string, extra: string[] = [], service = false, loader: Loader = 'esbuild') => {
  // 'built': the workspace packages resolve to their tsc output (dist/), as `pnpm start` runs
  // them; only the bench's own small harness goes through the loader.
  const source = loader === 'built' ? [] : ['--conditions=@steerlog/source'];
  const args = [...source, '--import', loader === 'tsx' ? 'tsx' : register, ...extra];
  const dir = service ? null : profileDir(task);
  if (dir) args.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  return args;
};

/** The main-thread profile of a profiled task (the loader thread writes a second, smaller one). */
export const profileOf = (task: string): string | null => {
  const dir = join(resultsDir, 'profiles', task);
  try {
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(dir, f));
    return files.sort((a, b) => statSync(b).size - statSync(a).size)[0] ?? null;
  } catch {
    return null;
  }
};

const spawnTask = (task: string, args: unknown, extraFlags?: string[], service = false, loader?: Loader) =>
  fork(taskFile, [task, JSON.stringify(args)], {
    execArgv: execArgv(task, extraFlags, service, loader),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    serialization: 'advanced',
  });

/** Runs one task in a fresh Node process and returns what it reports; its peak RSS is its own. */
export const runTask = <TResult>(task: string, args: unknown = {}, extraFlags?: string[]): Promise<TResult> =>
  new Promise((resolve, reject) => {
    const child = spawnTask(task, args, extraFlags);
    let settled = false;
    child.on('message', (m: Message) => {
      if (m.type === 'result') {
        settled = true;
        resolve(m.value as TResult);
      } else if (m.type === 'error') {
        settled = true;
        reject(new Error(`${task}: ${m.message}`));
      }
    });
    child.on('exit', (code) => {
      if (!settled) reject(new Error(`${task} exited with ${code} before reporting`));
    });
  });

/**
 * Runs `work` with the service's CPU profiled (through its inspector) when `label` is wanted:
 * the profile covers the load, not the start-up. The service must answer `profileStart` and
 * `profileStop`.
 */
export const profileWindow = async <T>(
  service: Service<unknown>,
  label: string,
  work: () => Promise<T>,
): Promise<T> => {
  const dir = profileDir(label);
  if (!dir) return work();
  await service.request('profileStart');
  try {
    return await work();
  } finally {
    await service.request('profileStop', join(dir, `${label}.cpuprofile`));
  }
};

/** A long-lived child (a server) that answers requests until it is told to stop. */
export type Service<TReady> = {
  ready: TReady;
  request: <TValue>(op: string, args?: unknown) => Promise<TValue>;
  stop: () => Promise<void>;
  pid: number;
};

/**
 * `loader: 'built'` runs the workspace's built JavaScript, the way `pnpm start` runs the server,
 * for memory and start-up figures; the default loader keeps function names readable in profiles.
 */
export const startService = <TReady>(
  task: string,
  args: unknown = {},
  extraFlags?: string[],
  loader?: Loader,
): Promise<Service<TReady>> =>
  new Promise((resolve, reject) => {
    const child: ChildProcess = spawnTask(task, args, extraFlags, true, loader);
    const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
    let next = 0;
    let exited = false;
    const exit = new Promise<void>((done) =>
      child.on('exit', (code) => {
        exited = true;
        for (const w of waiting.values()) w.reject(new Error(`${task} exited with ${code}`));
        reject(new Error(`${task} exited with ${code} before it was ready`));
        done();
      }),
    );
    child.on('message', (m: Message) => {
      if (m.type === 'ready')
        resolve({
          ready: m.value as TReady,
          pid: child.pid!,
          request: <TValue>(op: string, a?: unknown) =>
            new Promise<TValue>((res, rej) => {
              const id = ++next;
              waiting.set(id, { resolve: res as (v: unknown) => void, reject: rej });
              child.send({ id, op, args: a });
            }),
          stop: async () => {
            if (!exited) child.send({ id: 0, op: 'stop' });
            const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
            await exit;
            clearTimeout(timer);
          },
        });
      else if (m.type === 'reply' && m.id !== undefined) {
        waiting.get(m.id)?.resolve(m.value);
        waiting.delete(m.id);
      } else if (m.type === 'error') {
        const w = m.id === undefined ? undefined : waiting.get(m.id);
        if (w) {
          w.reject(new Error(`${task}: ${m.message}`));
          waiting.delete(m.id!);
        } else reject(new Error(`${task}: ${m.message}`));
      }
    });
  });
