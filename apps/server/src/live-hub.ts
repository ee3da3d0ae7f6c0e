import { LiveCloseCode } from '@steerlog/contract';
import type { RecordedEvent } from '@steerlog/domain';
import type { Queries, Store } from '@steerlog/store';
import type { WebSocket } from 'ws';

export type LiveOptions = {
  heartbeatMs?: number;
  /** Bytes a client may have waiting in its socket before it counts as too slow and is closed. */
  maxBufferedBytes?: number;
};

type Client = {
  socket: WebSocket;
  programmeId: string;
  /** Last position sent; nothing at or below it is sent again. */
  sent: number;
  /** Live events that arrived while the backlog was still being read. */
  pending: RecordedEvent[] | null;
};

const BACKLOG_PAGE = 500;

/**
 * Fans committed events out to websocket clients. The store calls `publish` once per commit,
 * in position order; sending only queues bytes on each socket, so no client (and no writer)
 * ever waits for another. A client whose queue outgrows the bound is closed with 4008 and
 * catches up from its last position when it reconnects.
 */
export class LiveHub {
  private readonly clients = new Set<Client>();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly maxBufferedBytes: number;

  constructor(
    private readonly store: Store,
    private readonly queries: Queries,
    options: LiveOptions = {},
  ) {
    this.maxBufferedBytes = options.maxBufferedBytes ?? 4 * 1024 * 1024;
    this.heartbeat = setInterval(() => this.beat(), options.heartbeatMs ?? 15_000);
    this.heartbeat.unref();
    store.subscribe((events) => this.publish(events));
  }

  get size() {
    return this.clients.size;
  }

  /** Starts a client: the backlog after `after`, then live events, with no gap and no repeat. */
  async join(socket: WebSocket, programmeId: string, after: number) {
    const client: Client = { socket, programmeId, sent: after, pending: [] };
    this.clients.add(client);
    socket.on('close', () => this.clients.delete(client));
    socket.on('error', () => this.clients.delete(client));
    // Frames from the client mean nothing here; a malformed one is simply ignored.
    socket.on('message', () => {});
    try {
      for (;;) {
        const { events, next } = await this.queries.events(programmeId, { after: client.sent, limit: BACKLOG_PAGE });
        for (const e of events) this.send(client, e);
        if (next === null || socket.readyState !== socket.OPEN) break;
      }
      const pending = client.pending ?? [];
      client.pending = null;
      for (const e of pending) this.send(client, e);
      this.frame(client, { kind: 'heartbeat', position: Math.max(client.sent, this.store.headPosition) });
    } catch (error) {
      socket.close(1011, 'could not read the backlog');
      throw error;
    }
  }

  private publish(events: readonly RecordedEvent[]) {
    // One serialisation per event, however many clients watch its programme.
    const frames = new Map<RecordedEvent, string>();
    for (const client of this.clients) {
      for (const e of events) {
        if (e.programmeId !== client.programmeId) continue;
        if (client.pending) client.pending.push(e);
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

  private frame(client: Client, message: unknown) {
    const { socket } = client;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > this.maxBufferedBytes) {
      this.clients.delete(client);
      socket.close(LiveCloseCode.tooSlow, 'too slow: reconnect with the last position you saw');
      return;
    }
    socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  private beat() {
    const position = this.store.headPosition;
    for (const client of this.clients)
      if (!client.pending) this.frame(client, { kind: 'heartbeat', position: Math.max(client.sent, position) });
  }

  close() {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.socket.close(LiveCloseCode.goingAway, 'server shutting down');
    this.clients.clear();
  }
}
