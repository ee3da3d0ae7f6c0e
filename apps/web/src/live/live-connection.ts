import { LiveCloseCode } from '@steerlog/contract';

/** What a live connection needs from a socket; `browserSocket` adapts the browser's WebSocket. */
export type SocketHandlers = { open(): void; frame(data: unknown): void; close(code?: number): void };
export type OpenSocket = (url: string, on: SocketHandlers) => { close(): void };

export const browserSocket: OpenSocket = (url, on) => {
  const ws = new WebSocket(url);
  ws.onopen = () => on.open();
  ws.onmessage = (e: MessageEvent) => on.frame(e.data);
  // A failed connection fires `error` then `close`; `close` alone drives reconnection.
  ws.onclose = (e: CloseEvent) => on.close(e.code);
  return {
    close: () => {
      // Detach first: a socket closed on purpose must not look like a dropped one.
      ws.onopen = ws.onmessage = ws.onclose = null;
      ws.close();
    },
  };
};

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;
/** The server sends a heartbeat at least every 15 s; two missed ones mean a dead link that never closed. */
export const SILENCE_LIMIT_MS = 35_000;

/**
 * Exponential backoff capped at 5 s, jittered so that every display in a building does not
 * reconnect in the same millisecond after a server restart.
 */
export const backoffDelay = (attempt: number, random: () => number = Math.random): number =>
  Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt) * (0.5 + random() / 2);

export type LiveOptions = {
  /** The websocket address that resumes after a position. */
  url: (after: number) => string;
  /** The position to resume after, read at each (re)connect. */
  after: () => number;
  onOpen: () => void;
  onFrame: (data: unknown) => void;
  /** Any close, whatever its code (4008 is the server dropping a slow client): a new connection follows after a backoff. */
  onLost: () => void;
  /**
   * The server closed with 4401 (token revoked, session ended) or 4403 (no rights here any
   * more): the same credential would only be refused again, so there is no reconnect.
   */
  onRefused?: (code: number) => void;
  openSocket?: OpenSocket;
  random?: () => number;
};

/**
 * Keeps one live connection open until the returned function is called: on every close it
 * reconnects after a backoff with `after()`, so the caller, which owns the position, decides
 * where the server resumes.
 */
export const openLive = (options: LiveOptions): (() => void) => {
  const openSocket = options.openSocket ?? browserSocket;
  let socket: { close(): void } | null = null;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let silence: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const lost = (code?: number) => {
    clearTimeout(silence);
    socket = null;
    if (stopped) return;
    if ((code === LiveCloseCode.unauthorized || code === LiveCloseCode.forbidden) && options.onRefused) {
      stopped = true;
      options.onRefused(code);
      return;
    }
    options.onLost();
    retry = setTimeout(connect, backoffDelay(attempt++, options.random));
  };
  const listen = () => {
    clearTimeout(silence);
    silence = setTimeout(() => {
      socket?.close();
      lost();
    }, SILENCE_LIMIT_MS);
  };
  const connect = () => {
    socket = openSocket(options.url(options.after()), {
      open: () => {
        options.onOpen();
        listen();
      },
      frame: (data) => {
        // Only a frame proves the link works; an open followed by an immediate close keeps backing off.
        attempt = 0;
        listen();
        options.onFrame(data);
      },
      close: lost,
    });
  };

  connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    clearTimeout(silence);
    socket?.close();
  };
};
