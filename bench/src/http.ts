import autocannon from 'autocannon';

export type LoadRun = {
  requests: number;
  non2xx: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
};

type LoadOptions = {
  url: string;
  connections: number;
  seconds: number;
  token: string;
  method?: 'GET' | 'POST';
  /** For POST: the body of each request, by request number. */
  body?: (n: number) => { path: string; body: string };
};

/** An autocannon run (HTTP/1.1 keep-alive, one request in flight per connection). */
export const load = async (options: LoadOptions): Promise<LoadRun> => {
  let n = 0;
  const headers: Record<string, string> = { authorization: `Bearer ${options.token}` };
  if (options.body) headers['content-type'] = 'application/json';
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    pipelining: 1,
    duration: options.seconds,
    method: options.method ?? 'GET',
    headers,
    ...(options.body
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => {
                const { path, body } = options.body!(n++);
                return { ...req, path, body };
              },
            },
          ],
        }
      : {}),
  });
  const ok = result['2xx'];
  return {
    requests: ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    seconds: result.duration,
    requestsPerSecond: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
};

/** Polls `/readyz` until the server says it is ready (read models caught up, chain verified). */
export const waitReady = async (url: string, timeoutMs: number) => {
  const start = performance.now();
  let slowestMs = 0;
  for (;;) {
    const t = performance.now();
    const res = await fetch(`${url}/readyz`).catch(() => null);
    slowestMs = Math.max(slowestMs, performance.now() - t);
    if (res?.ok) return { seconds: (performance.now() - start) / 1000, slowestMs };
    if (performance.now() - start > timeoutMs) throw new Error(`${url} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
};

export const post = async (url: string, token: string, programmeId: string, command: unknown) => {
  const res = await fetch(`${url}/api/programmes/${programmeId}/commands`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(command),
  });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`${res.status} ${text}`);
  return JSON.parse(text) as { position: number; version: number };
};
