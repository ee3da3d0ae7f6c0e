import { LiveCloseCode } from '@steerlog/contract';
import type { RecordedEvent } from '@steerlog/domain';
import type { Queries, Store } from '@steerlog/store';
import { readHead } from '@steerlog/store';
import type { WebSocket } from 'ws';

export type LiveOptions = {
  heartbeatMs?: number;
  /** Bytes a live client may have waiting in its socket before it counts as too slow and is closed. */
  maxBufferedBytes?: number;
  /** Bytes a client may have waiting before the next backlog page is read (default 64 KiB). */
  backlogHighWater?: number;
  /** Events read in the first backlog page (default 20); pages double while the client keeps up, to 500. */
  backlogPage?: number;
  /** Live connections one token may hold at once (default 500: a display token may serve many screens). */
  maxPerToken?: number;
  /** Live connections the server holds at once (default 10,000). */
  maxTotal?: number;
};

type Client = {
  socket: WebSocket;
  programmeId: string;
  tokenId: string;
  /** Last position sent; nothing at or below it is sent again. */
  sent: number;
  /** Still reading the backlog from the store: live events are not sent yet, only noted. */
  backlog: boolean;
  /** Highest position of this programme published while the backlog was being read. */
  publishedDuringBacklog: number;
};

const MAX_BACKLOG_PAGE = 500;
/** About how many bytes of frames one backlog page holds. */
const PAGE_BYTES = 32 * 1024;

/** Why a client was not let in: the close reason it gets, and what the log line says. */
export type Refusal = { reason: string; limit: 'per-token' | 'total'; held: number };

/**
 * Fans committed events out to websocket clients. The store calls `publish` once per commit,
 * in position order; sending only queues bytes on each socket, so no client (and no writer)
 * ever waits for another. The backlog is read from the store a page at a time, and the next
 * page only once the client has taken the last (its socket's buffer is below the high-water
 * mark): a client that never reads costs one page, not its whole backlog. A live client whose
 * queue outgrows the bound is closed with 4008 and catches up from its last position when it
 * reconnects.
 */
export class LiveHub {
  private readonly clients = new Set<Client>();
  private readonly perToken = new Map<string, number>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxBufferedBytes: number;
  private readonly highWater: number;
  private readonly page: number;
  private readonly maxPerToken: number;
  private readonly maxTotal: number;

  constructor(
    private readonly store: Store,
    private readonly queries: Queries,
    options: LiveOptions = {},
  ) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.highWater = options.backlogHighWater ?? 16 * 1024;
    this.page = options.backlogPage ?? 20;
    this.maxPerToken = options.maxPerToken ?? 500;
    this.maxTotal = options.maxTotal ?? 10_000;
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
    store.subscribe((events) => this.publish(events));
  }

  get size() {
    return this.clients.size;
  }

  /**
   * Starts a client: the backlog after `after`, then live events, with no gap and no repeat. A
   * client over a limit is closed with 4029 at once and the refusal returned (for the log). An
   * `after` past the head means the store lost events this client saw: it gets a `reset` frame
   * and the log from 0.
   */
  async join(socket: WebSocket, programmeId: string, after: number, tokenId: string): Promise<Refusal | null> {
    const held = this.perToken.get(tokenId) ?? 0;
    const refusal: Refusal | null =
      this.clients.size >= this.maxTotal
        ? { reason: `the server holds ${this.maxTotal} live connections`, limit: 'total', held: this.clients.size }
        : held >= this.maxPerToken
          ? { reason: `this token holds ${this.maxPerToken} live connections`, limit: 'per-token', held }
          : null;
    if (refusal) {
      socket.close(LiveCloseCode.tooMany, `too many live connections: ${refusal.reason}`);
      return refusal;
    }
    const client: Client = { socket, programmeId, tokenId, sent: after, backlog: true, publishedDuringBacklog: 0 };
    this.clients.add(client);
    this.perToken.set(tokenId, held + 1);
    socket.on('close', () => this.drop(client));
    socket.on('error', () => this.drop(client));
    // Frames from the client mean nothing here; a malformed one is simply ignored.
    socket.on('message', () => {});
    try {
      // The store's own head may trail another instance's commits: ask the database before resetting.
      if (after > this.store.headPosition) {
        const head = (await readHead(this.store.kysely)).position;
        if (after > head) {
          this.frame(client, { kind: 'reset', head });
          client.sent = 0;
        }
      }
      await this.readBacklog(client);
      this.frame(client, { kind: 'heartbeat', position: Math.max(client.sent, this.store.headPosition) });
    } catch (error) {
      this.drop(client);
      socket.close(1011, 'could not read the backlog');
      throw error;
    }
    return null;
  }

  /**
   * Pages of the backlog until the store has no more and nothing was published meanwhile; the
   * switch to live happens in the same turn as that check, so no commit falls between the two.
   */
  private async readBacklog(client: Client) {
    const { socket } = client;
    // Pages are kept to about PAGE_BYTES, so a thousand clients that never read cost little; a
    // programme of small events still gets pages of many of them, so a long backlog is not a
    // thousand queries.
    let size = this.page;
    for (;;) {
      if (socket.readyState !== socket.OPEN) return;
      const { events, next } = await this.queries.events(client.programmeId, { after: client.sent, limit: size });
      let last: Promise<void> | null = null;
      let bytes = 0;
      for (const e of events) {
        const text = JSON.stringify({ kind: 'event', event: e });
        bytes += text.length;
        last = this.sendTracked(client, e, text) ?? last;
      }
      if (next === null && client.publishedDuringBacklog <= client.sent) {
        client.backlog = false;
        return;
      }
      if (bytes * 2 <= PAGE_BYTES) size = Math.min(MAX_BACKLOG_PAGE, size * 2);
      else if (bytes > PAGE_BYTES) size = Math.max(1, Math.floor(size / 2));
      // Wait until the client has taken enough of what it was sent before reading more.
      if (last && socket.bufferedAmount > this.highWater) await last;
    }
  }

  private drop(client: Client) {
    if (!this.clients.delete(client)) return;
    const held = (this.perToken.get(client.tokenId) ?? 1) - 1;
    if (held <= 0) this.perToken.delete(client.tokenId);
    else this.perToken.set(client.tokenId, held);
  }

  private publish(events: readonly RecordedEvent[]) {
    // One serialisation per event, however many clients watch its programme.
    const frames = new Map<RecordedEvent, string>();
    for (const client of this.clients) {
      for (const e of events) {
        if (e.programmeId !== client.programmeId) continue;
        if (client.backlog) client.publishedDuringBacklog = Math.max(client.publishedDuringBacklog, e.position);
        else {
          let text = frames.get(e);
          if (text === undefined) frames.set(e, (text = JSON.stringify({ kind: 'event', event: e })));
          this.send(client, e, text);
        }
      }
    }
  }

  private send(client: Client, event: RecordedEvent, text = JSON.stringify({ kind: 'event', event })) {
    if (event.position <= client.sent) return;
    this.frame(client, text);
    client.sent = event.position;
  }

  /** Sends a backlog event; resolves once the socket has written it out (or is gone). */
  private sendTracked(client: Client, event: RecordedEvent, text: string): Promise<void> | null {
    if (event.position <= client.sent) return null;
    const { socket } = client;
    client.sent = event.position;
    if (socket.readyState !== socket.OPEN) return null;
    return new Promise((resolve) => socket.send(text, () => resolve()));
  }

  private frame(client: Client, message: unknown) {
    const { socket } = client;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.maxBufferedBytes) {
      this.drop(client);
      socket.close(LiveCloseCode.tooSlow, 'too slow: reconnect with the last position you saw');
      return;
    }
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  private beat() {
    const position = this.store.headPosition;
    for (const client of this.clients)
      if (!client.backlog) this.frame(client, { kind: 'heartbeat', position: Math.max(client.sent, position) });
  }

  close() {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.socket.close(LiveCloseCode.goingAway, 'server shutting down');
    this.clients.clear();
    this.perToken.clear();
  }
}
