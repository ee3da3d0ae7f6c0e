import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '@steerlog/domain';
import { openSqlite, Store, Tokens } from '@steerlog/store';
import { expect } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Response bodies are arbitrary JSON, read field by field by the assertions that use them.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A fresh temp folder for one test file's databases; `remove` deletes it. */
export const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), `steerlog-rel-${prefix}-`));
  return { dir, path: (name: string) => join(dir, name), remove: () => rmSync(dir, { recursive: true, force: true }) };
};

/** A port nothing listens on right now (the kernel's choice), on 127.0.0.1. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Creates tokens straight in the SQLite file, as `pnpm steerlog token create` does (the server may be running). */
export const createTokens = async <TName extends string>(
  dbPath: string,
  specs: Record<TName, { role: Role; name?: string; partnerId?: string; programmeId?: string }>,
) => {
  const store = await Store.open(openSqlite(dbPath));
  try {
    const tokens = new Tokens(store.kysely);
    const out = {} as Record<TName, { token: string; id: string }>;
    for (const [key, spec] of Object.entries(specs) as [
      TName,
      { role: Role; name?: string; partnerId?: string; programmeId?: string },
    ][]) {
      const { token, principal } = await tokens.create({
        role: spec.role,
        name: spec.name ?? key,
        partnerId: spec.partnerId,
        programmeId: spec.programmeId,
      });
      out[key] = { token, id: principal.tokenId };
    }
    return out;
  } finally {
    await store.close();
  }
};

export const revokeToken = async (dbPath: string, id: string) => {
  const store = await Store.open(openSqlite(dbPath));
  try {
    return await new Tokens(store.kysely).revoke(id);
  } finally {
    await store.close();
  }
};

export type Reply = { status: number; headers: http.IncomingHttpHeaders; text: string; body: Json };

export type RequestOptions = {
  headers?: Record<string, string>;
  /** A JSON body; `raw` sends bytes as they are. */
  json?: unknown;
  raw?: string | Buffer;
  token?: string | null;
  /** Source address on the loopback (127.x.y.z), to stand for another client. */
  localAddress?: string;
  timeoutMs?: number;
};

const agents = new Map<string, http.Agent>();
const agentFor = (localAddress: string) => {
  let agent = agents.get(localAddress);
  if (!agent) {
    agent = new http.Agent({ keepAlive: true, maxSockets: 32, localAddress });
    agents.set(localAddress, agent);
  }
  return agent;
};

/** Drops idle keep-alive sockets (before a server is killed, so no request rides a dead one). */
export const resetAgents = () => {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
};

/**
 * One HTTP request over node:http (fetch cannot choose its source address), read whole. A reply
 * with a JSON content type is parsed; anything else is left as text.
 */
export const request = (base: string, method: string, path: string, options: RequestOptions = {}) =>
  new Promise<Reply>((resolve, reject) => {
    const headers: Record<string, string> = {};
    let body: string | Buffer | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    }
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    Object.assign(headers, options.headers);
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = http.request(`${base}${path}`, {
      method,
      headers,
      agent: agentFor(options.localAddress ?? '127.0.0.1'),
      timeout: options.timeoutMs ?? 30_000,
    });
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: Json = undefined;
        if (/json/.test(res.headers['content-type'] ?? '') && text !== '') {
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
      });
    });
    req.end(body);
  });

/** A client bound to a base URL and a token. */
export const client = (base: () => string, token: string | null) => ({
  get: (path: string, options: RequestOptions = {}) => request(base(), 'GET', path, { token, ...options }),
  post: (path: string, json: unknown, options: RequestOptions = {}) =>
    request(base(), 'POST', path, { token, json, ...options }),
  command: (programmeId: string, command: unknown, options: RequestOptions = {}) =>
    request(base(), 'POST', `/api/programmes/${programmeId}/commands`, { token, json: command, ...options }),
});
export type Client = ReturnType<typeof client>;

/** Every event of a programme, following `next` page by page. */
export const allEvents = async (c: Client, programmeId: string): Promise<Json[]> => {
  const events: Json[] = [];
  let after = 0;
  for (;;) {
    const res = await c.get(`/api/programmes/${programmeId}/events?after=${after}&limit=1000`);
    if (res.status !== 200) throw new Error(`events of ${programmeId}: ${res.status} ${res.text}`);
    events.push(...(res.body.events as Json[]));
    if (res.body.next === null) return events;
    after = res.body.next as number;
  }
};

/** Runs `tasks` with at most `limit` in flight; results in task order. */
export const pool = async <T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> => {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
};

/** The problem document checks: RFC 9457 media type, a stable code, a detail, and for 400s the fields at fault. */
export const problemFaults = (res: Reply): string[] => {
  const faults: string[] = [];
  if (res.status >= 500) faults.push(`5xx ${res.status}`);
  if (!(res.headers['content-type'] ?? '').startsWith('application/problem+json'))
    faults.push(`content-type ${res.headers['content-type']}`);
  const b = res.body as Record<string, unknown> | undefined;
  if (typeof b?.['code'] !== 'string' || b['code'] === '') faults.push('no code');
  if (typeof b?.['detail'] !== 'string' || b['detail'] === '') faults.push('no detail');
  if (b?.['status'] !== res.status) faults.push('status field differs');
  if (res.status === 400 && !(Array.isArray(b?.['errors']) && b['errors'].length > 0))
    faults.push('400 without errors');
  return faults;
};

export const expectProblem = (res: Reply, status: number, code?: string) => {
  expect(problemFaults(res), res.text).toEqual([]);
  expect(res.status, res.text).toBe(status);
  if (code) expect(res.body.code, res.text).toBe(code);
};

/** The view without the two fields that only say when it was asked for. */
export const stable = (view: Json) => {
  const { asOf: _asOf, knownAt: _knownAt, ...rest } = view as Record<string, unknown>;
  return rest;
};

const summaryFile = join(repoRoot, 'test-results', 'reliability-summary.txt');

/** Prints the one line a part owes CI (what it tried, what was lost or let in) and keeps it for docs/reliability.md. */
export const summary = (part: string, figures: Record<string, number | string>) => {
  const line = `[reliability] ${part}: ${Object.entries(figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`;
  console.log(line);
  mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
  appendFileSync(summaryFile, `${new Date().toISOString()} ${line}\n`);
};

export type ServerProcess = {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill: (signal?: NodeJS.Signals) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * The real server process, as `pnpm start` runs it (main.ts through tsx), on 127.0.0.1 with no
 * demo. Resolves once `/healthz` answers; rejects if the process exits first.
 */
export const spawnServer = async (options: {
  dbPath: string;
  port?: number;
  env?: Record<string, string>;
  /** Resolve before the server answers (to kill it while it starts). */
  noWait?: boolean;
}): Promise<ServerProcess> => {
  const port = options.port ?? (await freePort());
  const child = spawn(
    process.execPath,
    ['--conditions=@steerlog/source', '--import', 'tsx', 'apps/server/src/main.ts'],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? tmpdir(),
        STEERLOG_DB: options.dbPath,
        PORT: String(port),
        HOST: '127.0.0.1',
        STEERLOG_DEMO: '0',
        LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (output += c.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    url,
    port,
    child,
    output: () => output,
    exited,
    kill: async (signal = 'SIGKILL') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
  if (options.noWait) return server;
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (gone) throw new Error(`server exited before answering:\n${output}`);
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(`server did not answer /healthz within 30 s:\n${output}`);
    }
    const ok = await request(url, 'GET', '/healthz', { timeoutMs: 1000 }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return server;
    await sleep(50);
  }
};

/** Waits for `/readyz` to settle (verify no longer pending) and returns its last answer. */
export const settledReadiness = async (url: string, timeoutMs = 30_000): Promise<Reply> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await request(url, 'GET', '/readyz');
    // Settled once the check at start is done and the full check after it has finished (or the
    // start check already failed, and no full check follows).
    const full = res.body?.fullVerify?.status;
    const settled =
      res.body?.verify !== 'pending' && (res.body?.verify?.ok === false || full === 'done' || full === 'failed');
    if (settled || Date.now() > deadline) return res;
    await sleep(25);
  }
};
