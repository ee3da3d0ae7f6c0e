import { join } from 'node:path';
import fastifyWebsocket from '@fastify/websocket';
import Fastify from 'fastify';
import type { WebSocket as ServerSocket } from 'ws';
import WebSocket from 'ws';
import { profileWindow, startService } from '../child.js';
import { runs, sizes } from '../config.js';
import { ProgrammeScript } from '../generate.js';
import { post } from '../http.js';
import { removeScratch, scratchDir } from '../scratch.js';
import { summarize, wallMs } from '../stats.js';
import type { TaskContext } from '../task.js';
import type { ServerReady } from './server.js';
import { profilerOps } from './server.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export const fanOutTasks = {
  /** The floor: a bare Fastify + @fastify/websocket server that broadcasts the frames it is given. */
  'fanout-bare': async (_args: unknown, ctx: TaskContext) => {
    const app = Fastify({ logger: false });
    await app.register(fastifyWebsocket);
    const sockets = new Set<ServerSocket>();
    await app.register(async (scope) => {
      scope.get('/live', { websocket: true }, (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.send('{"kind":"heartbeat","position":0}');
      });
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    let frames: string[] = [];
    await ctx.serve(
      { url: `ws://127.0.0.1:${port}/live` },
      {
        ...profilerOps(),
        frames: (args) => {
          frames = args as string[];
          return frames.length;
        },
        /** Sends frame k to every socket, as the live hub does once per commit; answers with the send time. */
        send: (k) => {
          const t = wallMs();
          const frame = frames[k as number]!;
          for (const socket of sockets) socket.send(frame);
          return t;
        },
      },
    );
    await app.close();
    return null;
  },
};

type Clients = { sockets: WebSocket[]; received: Float64Array[]; counts: Int32Array; frames: string[] };

/**
 * `n` websocket clients in this process. Each records the arrival time of every event frame
 * (a frame whose kind is `event`), in order; client 0 also keeps the frames' text.
 */
export const connect = async (n: number, url: (i: number) => string, expected: number): Promise<Clients> => {
  const clients: Clients = {
    sockets: [],
    received: Array.from({ length: n }, () => new Float64Array(expected)),
    counts: new Int32Array(n),
    frames: [],
  };
  const E = 'e'.charCodeAt(0);
  for (let start = 0; start < n; start += 50) {
    const batch = Array.from({ length: Math.min(50, n - start) }, (_, j) => {
      const i = start + j;
      return new Promise<void>((resolve, reject) => {
        // Both sides read through the same client code; UTF-8 checks off so the receiving process is as light as it can be.
        const socket = new WebSocket(url(i), { skipUTF8Validation: true, perMessageDeflate: false });
        clients.sockets[i] = socket;
        let caughtUp = false;
        socket.on('message', (data: Buffer) => {
          // `{"kind":"event"…` vs `{"kind":"heartbeat"…`: byte 9 tells them apart without parsing.
          if (data[9] === E) {
            const k = clients.counts[i]!++;
            if (k < expected) clients.received[i]![k] = wallMs();
            if (i === 0) clients.frames.push(data.toString('utf8'));
          } else if (!caughtUp) {
            caughtUp = true;
            resolve();
          }
        });
        socket.on('error', reject);
      });
    });
    await Promise.all(batch);
  }
  return clients;
};

export const waitAll = async (clients: Clients, expected: number, timeoutMs: number) => {
  const start = performance.now();
  while (performance.now() - start < timeoutMs) {
    if (clients.counts.every((c) => c >= expected)) return true;
    await sleep(20);
  }
  return false;
};

export const close = async (clients: Clients) => {
  await Promise.all(
    clients.sockets.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.readyState === s.CLOSED) return resolve();
          s.once('close', () => resolve());
          s.close();
        }),
    ),
  );
};

/** Delivery latency of every (client, frame): arrival minus the moment frame k was committed or sent. */
const latencies = (clients: Clients, sentAt: readonly number[]) => {
  const out = new Float64Array(clients.received.length * sentAt.length);
  let n = 0;
  clients.received.forEach((times, c) => {
    const got = Math.min(clients.counts[c]!, sentAt.length);
    for (let k = 0; k < got; k++) out[n++] = times[k]! - sentAt[k]!;
  });
  return out.subarray(0, n);
};

export type FanOutRun = {
  clients: number;
  frames: number;
  delivered: number;
  complete: boolean;
  p50: number;
  p99: number;
  max: number;
};

export const toRun = (clients: Clients, sentAt: number[], complete: boolean): FanOutRun => {
  const l = latencies(clients, sentAt);
  const s = summarize(l);
  let max = 0;
  for (const v of l) if (v > max) max = v;
  return {
    clients: clients.sockets.length,
    frames: sentAt.length,
    delivered: l.length,
    complete,
    p50: s.p50,
    p99: s.p99,
    max,
  };
};

/** The 1,000 commands, split across the runs (500 clients cannot take one per 10 ms here: see docs/performance.md). */
const perRun = () => Math.ceil(sizes.fanOut.commands / runs);

/** Calls `step(k)` for k = 0..n-1, one per interval (later when a step runs long, as a writer would). */
export const paced = async (n: number, intervalMs: number, step: (k: number) => Promise<unknown>) => {
  const start = performance.now();
  for (let k = 0; k < n; k++) {
    await sleep(start + k * intervalMs - performance.now());
    await step(k);
  }
};

export const resetClients = (clients: Clients) => {
  clients.counts.fill(0);
  clients.frames.length = 0;
};

/**
 * Steerlog: one server (a child process) with `clients` live displays of one programme, and
 * `runs` repetitions of `commands` commands, one per interval, each POSTed and awaited.
 * Latency: a client's arrival time minus the moment the store announced that commit.
 */
const steerlogRuns = async (log: (s: string) => void): Promise<{ runs: FanOutRun[]; frames: string[] }> => {
  const { clients: n, intervalMs } = sizes.fanOut;
  const commands = perRun();
  const dir = scratchDir('fanout');
  const server = await startService<ServerReady>('server-run', { dbPath: join(dir, 'steerlog.db'), commitTimes: true });
  try {
    const { url, coordinator, viewer } = server.ready;
    const script = new ProgrammeScript('live-board', 11);
    const at = new Date().toISOString();
    let head = 0;
    const nextCommand = () => script.next(at, (v) => ({ id: `e-${v}`, position: v })).command;
    while (script.count < 12) head = (await post(url, coordinator, 'live-board', nextCommand())).position;
    const clients = await connect(
      n,
      () => `${url.replace('http', 'ws')}/api/programmes/live-board/live?after=${head}&access_token=${viewer}`,
      commands,
    );
    const out: FanOutRun[] = [];
    let frames: string[] = [];
    for (let r = 0; r < runs; r++) {
      resetClients(clients);
      await profileWindow(server, 'server-fanout', () =>
        paced(commands, intervalMs, async () => {
          head = (await post(url, coordinator, 'live-board', nextCommand())).position;
        }),
      );
      const complete = await waitAll(clients, commands, 15_000);
      const commits = await server.request<[number, number][]>('commitTimes');
      const sentAt = commits
        .filter(([p]) => p > head - commands && p <= head)
        .sort((a, b) => a[0] - b[0])
        .map(([, t]) => t);
      const run = toRun(clients, sentAt, complete);
      out.push(run);
      if (r === 0) frames = [...clients.frames];
      log(
        `fan-out run ${r + 1} steerlog: p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms over ${run.delivered} deliveries`,
      );
    }
    await close(clients);
    return { runs: out, frames };
  } finally {
    await server.stop();
    removeScratch(dir);
  }
};

/** The floor, paced the same way: the bare server sends the very frames Steerlog sent, one per interval, each awaited. */
const bareRuns = async (frames: string[], log: (s: string) => void): Promise<FanOutRun[]> => {
  const { clients: n, intervalMs } = sizes.fanOut;
  const server = await startService<{ url: string }>('fanout-bare');
  try {
    await server.request('frames', frames);
    const clients = await connect(n, () => server.ready.url, frames.length);
    const out: FanOutRun[] = [];
    for (let r = 0; r < runs; r++) {
      resetClients(clients);
      const sentAt: number[] = [];
      await profileWindow(server, 'fanout-bare', () =>
        paced(frames.length, intervalMs, async (k) => {
          sentAt.push(await server.request<number>('send', k));
        }),
      );
      const complete = await waitAll(clients, frames.length, 15_000);
      const run = toRun(clients, sentAt, complete);
      out.push(run);
      log(`fan-out run ${r + 1} bare: p50 ${run.p50.toFixed(1)} ms, p99 ${run.p99.toFixed(1)} ms`);
    }
    await close(clients);
    return out;
  } finally {
    await server.stop();
  }
};

export type FanOutResult = { steerlog: FanOutRun[]; bare: FanOutRun[] };

/** Suite 5: Steerlog's runs, then the bare broadcast of the frames Steerlog's first run sent. */
export const runFanOut = async (log: (s: string) => void): Promise<FanOutResult> => {
  const { runs: steerlog, frames } = await steerlogRuns(log);
  const bare = await bareRuns(frames, log);
  return { steerlog, bare };
};
