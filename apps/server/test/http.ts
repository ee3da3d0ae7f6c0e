import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Problem } from '@steerlog/contract';
import type { Role } from '@steerlog/domain';
import { expect } from 'vitest';
import { z } from 'zod';
import type { ServerOptions } from '../src/index.js';
import { startTestServer as startOnTempFile } from '../src/index.js';

/**
 * Response bodies are arbitrary JSON, checked field by field by the assertions that read them;
 * typing each one would only restate what the assertions already say.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export type Reply = { status: number; contentType: string; text: string; body: Json; headers: Headers };

type RequestOptions = { body?: unknown; raw?: string; headers?: Record<string, string>; token?: string | null };

/**
 * The server's own test server (127.0.0.1, a free port, a fresh SQLite file) with HTTP clients;
 * `stop` closes it and removes the file.
 */
export const startTestServer = async (options: Partial<ServerOptions> = {}) => {
  // On tmpfs where there is one: every commit fsyncs, and these tests commit a lot.
  const dir = existsSync('/dev/shm') ? mkdtempSync(join('/dev/shm', 'steerlog-server-test-')) : null;
  const server = await startOnTempFile({ ...(dir ? { dbPath: join(dir, 'steerlog.db') } : {}), ...options });
  const client = (token: string | null) => new Client(server.url, token);
  return {
    ...server,
    client,
    /**
     * A client holding a fresh token of `role`, named `name` (the actor its commands are recorded
     * under); a partner token is bound to `programmeId` (the partner must exist there).
     */
    as: async (role: Role, name: string = role, partnerId?: string, programmeId?: string) =>
      client(await server.createToken(role, name, partnerId, programmeId)),
    stop: async () => {
      await server.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
};
export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

const EventPage = z.strictObject({
  events: z.array(z.record(z.string(), z.unknown())),
  next: z.number().int().nullable(),
});

/** `fetch` against the test server with a bearer token; every reply is read whole. */
export class Client {
  constructor(
    readonly url: string,
    readonly token: string | null,
    /** Sent with every request: a signed-in browser's cookie and CSRF token, for instance. */
    readonly headers: Record<string, string> = {},
  ) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const token = options.token === undefined ? this.token : options.token;
    const headers: Record<string, string> = {
      ...this.headers,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
    let body: string | undefined;
    if (options.raw !== undefined) body = options.raw;
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${this.url}${path}`, { method, headers: { ...headers, ...options.headers }, body });
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    const json = /^application\/(problem\+)?json/.test(contentType) && text !== '';
    const parsed: unknown = json ? JSON.parse(text) : undefined;
    return { status: res.status, contentType, text, body: parsed, headers: res.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }

  command(programmeId: string, command: Record<string, unknown>, headers?: Record<string, string>) {
    return this.request('POST', `/api/programmes/${programmeId}/commands`, {
      body: command,
      ...(headers ? { headers } : {}),
    });
  }

  /** Sends commands in order and fails at the first that is not accepted. */
  async record(programmeId: string, commands: readonly Record<string, unknown>[]): Promise<Json[]> {
    const results: unknown[] = [];
    for (const c of commands) {
      const res = await this.command(programmeId, c);
      expect(res.status, `${String(c['type'])}: ${res.text}`).toBe(201);
      results.push(res.body);
    }
    return results;
  }

  /** Every event of a programme, following `next` page by page. */
  async allEvents(programmeId: string): Promise<Json[]> {
    const events: Record<string, unknown>[] = [];
    for (let after: number | null = 0; after !== null;) {
      const res = await this.get(`/api/programmes/${programmeId}/events?after=${after}&limit=1000`);
      expect(res.status, res.text).toBe(200);
      const page = EventPage.parse(res.body);
      events.push(...page.events);
      after = page.next;
    }
    return events;
  }
}

/**
 * An RFC 9457 problem with the contract's status and stable code; a 400 for a body or query names
 * the fields at fault (an import names its bad line in `detail` instead: NDJSON lines have no path).
 */
export const expectProblem = (res: Reply, status: number, code: string) => {
  const problem = Problem.safeParse(res.body);
  expect({ status: res.status, code: problem.data?.code }, res.text).toEqual({ status, code });
  expect(problem.success, res.text).toBe(true);
  expect(problem.data?.status).toBe(status);
  expect(res.contentType).toMatch(/^application\/problem\+json/);
  expect(res.text).not.toMatch(/\bat .+:\d+:\d+|SQLITE|select |insert into/i);
  if (code === 'invalid_body' || code === 'invalid_query' || code === 'invalid_path')
    expect(problem.data?.errors?.length ?? 0, res.text).toBeGreaterThan(0);
};

export const isoNow = () => new Date().toISOString();
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Uploads evidence (`POST .../evidence`) as `client`: a file of `type` named `fileName`, about `about`. */
export const upload = (
  client: Client,
  programmeId: string,
  body: Uint8Array,
  { fileName = 'survey.pdf', about = 'workstream:training', type = 'application/pdf' } = {},
) =>
  fetch(
    `${client.url}/api/programmes/${programmeId}/evidence?fileName=${encodeURIComponent(fileName)}&about=${encodeURIComponent(about)}`,
    { method: 'POST', headers: { authorization: `Bearer ${client.token}`, 'content-type': type }, body },
  ).then(async (res): Promise<Reply> => {
    const text = await res.text();
    const contentType = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      contentType,
      text,
      body: /json/.test(contentType) ? (JSON.parse(text) as unknown) : undefined,
      headers: res.headers,
    };
  });
