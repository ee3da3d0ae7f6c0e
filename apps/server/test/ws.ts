import WebSocket from 'ws';

export type Frame =
  | { kind: 'event'; event: { position: number; id: string; type: string; programmeId: string } }
  | { kind: 'heartbeat'; position: number }
  | { kind: 'reset'; head: number };

export type LiveOptions = {
  token?: string | null;
  via?: 'header' | 'query';
  after?: number;
  /** Extra upgrade headers: a signed-in browser's cookie and origin. */
  headers?: Record<string, string>;
};

const upgradeHeaders = (options: LiveOptions) => ({
  headers: {
    ...options.headers,
    ...(options.via !== 'query' && options.token ? { authorization: `Bearer ${options.token}` } : {}),
  },
});

const liveUrl = (baseUrl: string, programmeId: string, { token, via = 'header', after = 0 }: LiveOptions) => {
  const url = new URL(`/api/programmes/${programmeId}/live`, baseUrl.replace(/^http/, 'ws'));
  url.searchParams.set('after', String(after));
  if (via === 'query' && token) url.searchParams.set('access_token', token);
  return url.toString();
};

/**
 * Tries to subscribe: resolves 101 once the socket is open and its first frame has arrived, or
 * the HTTP status of a refused upgrade.
 */
export const upgradeStatus = (baseUrl: string, programmeId: string, options: LiveOptions) =>
  new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(liveUrl(baseUrl, programmeId, options), upgradeHeaders(options));
    socket.once('message', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    socket.on('error', (error) => reject(error));
  });

/** A live subscription that keeps every frame, with a way to wait for the frames a test expects. */
export class LiveClient {
  readonly frames: Frame[] = [];
  private readonly socket: WebSocket;
  private waiters: (() => void)[] = [];
  readonly opened: Promise<void>;
  readonly closed: Promise<void>;
  /** The close code, once closed (4401: credential revoked or ended, 4403: no rights any more). */
  closeCode: number | null = null;

  constructor(baseUrl: string, programmeId: string, options: LiveOptions) {
    this.socket = new WebSocket(liveUrl(baseUrl, programmeId, options), upgradeHeaders(options));
    this.socket.on('message', (data: Buffer) => {
      this.frames.push(JSON.parse(data.toString('utf8')) as Frame);
      for (const w of this.waiters) w();
    });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) =>
      this.socket.once('close', (code) => {
        this.closeCode = code;
        resolve();
      }),
    );
  }

  get events() {
    return this.frames.flatMap((f) => (f.kind === 'event' ? [f.event] : []));
  }

  /** Resolves once `done(frames)` holds, or rejects after `timeoutMs`. */
  until(done: (frames: Frame[]) => boolean, timeoutMs = 5000): Promise<Frame[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done(this.frames)) return false;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve(this.frames);
        return true;
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== check);
        reject(
          new Error(
            `timed out; frames so far: ${JSON.stringify(this.frames.map((f) => (f.kind === 'event' ? f.event.position : f.kind === 'reset' ? `reset ${f.head}` : `hb ${f.position}`)))}`,
          ),
        );
      }, timeoutMs);
      if (!check()) this.waiters.push(check);
    });
  }

  /** Stops reading from the socket, as a client too slow to keep up would. */
  pause() {
    this.socket.pause();
  }

  resume() {
    this.socket.resume();
  }

  close() {
    this.socket.close();
    return this.closed;
  }
}
