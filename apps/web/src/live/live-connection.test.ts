import { givenBaseline } from '@steerlog/domain/testing';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { envelopesOf, eventFrame, heartbeatFrame } from '../testing.js';
import type { OpenSocket, SocketHandlers } from './live-connection.js';
import { SILENCE_LIMIT_MS, backoffDelay, openLive } from './live-connection.js';
import type { LiveModel } from './live-model.js';
import { connectionLost, connectionOpened, connectionRefused, initialModel, receiveFrame } from './live-model.js';

type FakeSocket = { after: number; on: SocketHandlers; closedByClient: boolean };

/** Records every socket the connection opens, for the test to play the server's part. */
const fakeSockets = () => {
  const sockets: FakeSocket[] = [];
  const openSocket: OpenSocket = (url, on) => {
    const socket = { after: Number(new URL(url).searchParams.get('after')), on, closedByClient: false };
    sockets.push(socket);
    return { close: () => (socket.closedByClient = true) };
  };
  const latest = () => sockets.at(-1)!;
  return { sockets, openSocket, latest };
};

/** A live connection feeding a live model, as `useProgrammeLive` wires them. */
const connectModel = (openSocket: OpenSocket) => {
  let model: LiveModel = initialModel();
  const stop = openLive({
    url: (after) => `ws://test/api/programmes/p/live?after=${after}`,
    after: () => model.lastPosition,
    onOpen: () => (model = connectionOpened(model)),
    onFrame: (data) => (model = receiveFrame(model, data)),
    onLost: () => (model = connectionLost(model)),
    onRefused: (code) => (model = connectionRefused(model, code)),
    openSocket,
    random: () => 1,
  });
  return { stop, model: () => model };
};

const log = envelopesOf(givenBaseline().events);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('backoffDelay', () => {
  it('doubles from half a second up to five seconds', () => {
    expect([0, 1, 2, 3, 4, 9].map((attempt) => backoffDelay(attempt, () => 1))).toEqual([
      500, 1000, 2000, 4000, 5000, 5000,
    ]);
  });

  it('jitters down to half the delay, never above it', () => {
    expect(backoffDelay(2, () => 0)).toBe(1000);
  });
});

describe('openLive', () => {
  it('resumes after the last event received when the server drops a slow client (4008)', () => {
    const server = fakeSockets();
    const client = connectModel(server.openSocket);
    expect(server.latest().after).toBe(0);
    server.latest().on.open();
    for (const e of log.slice(0, 3)) server.latest().on.frame(eventFrame(e));
    server.latest().on.close();
    expect(client.model().status).toBe('reconnecting');

    vi.advanceTimersByTime(499);
    expect(server.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(server.sockets).toHaveLength(2);
    expect(server.latest().after).toBe(log[2]!.position);
    client.stop();
  });

  it('backs off further while connections keep failing, and starts again once one delivers', () => {
    const server = fakeSockets();
    const client = connectModel(server.openSocket);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      server.latest().on.close();
      const before = server.sockets.length;
      let waited = 0;
      while (server.sockets.length === before) {
        vi.advanceTimersByTime(100);
        waited += 100;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 5000]);

    server.latest().on.open();
    server.latest().on.frame(heartbeatFrame(0));
    server.latest().on.close();
    vi.advanceTimersByTime(500);
    expect(server.sockets).toHaveLength(7);
    client.stop();
  });

  it('gives up on a connection that has gone silent and opens another', () => {
    const server = fakeSockets();
    const client = connectModel(server.openSocket);
    server.latest().on.open();
    server.latest().on.frame(eventFrame(log[0]!));
    vi.advanceTimersByTime(SILENCE_LIMIT_MS - 1);
    server.latest().on.frame(heartbeatFrame(0));
    vi.advanceTimersByTime(SILENCE_LIMIT_MS - 1);
    expect(server.sockets).toHaveLength(1);

    vi.advanceTimersByTime(1);
    expect(server.sockets[0]!.closedByClient).toBe(true);
    expect(client.model().status).toBe('reconnecting');
    vi.advanceTimersByTime(500);
    expect(server.sockets).toHaveLength(2);
    expect(server.latest().after).toBe(log[0]!.position);
    client.stop();
  });

  it('stays closed once stopped', () => {
    const server = fakeSockets();
    const client = connectModel(server.openSocket);
    server.latest().on.open();
    client.stop();
    expect(server.latest().closedByClient).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(server.sockets).toHaveLength(1);
  });

  it('never loses or repeats an event, however often the connection drops', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ sent: fc.nat(log.length), overlap: fc.nat(3) }), { maxLength: 8 }), (drops) => {
        const server = fakeSockets();
        const client = connectModel(server.openSocket);
        // Each connection: the server sends from (a little before) `after`, then the link drops.
        for (const { sent, overlap } of drops) {
          const from = Math.max(0, log.findIndex((e) => e.position > server.latest().after) - overlap);
          server.latest().on.open();
          for (const e of log.slice(from, from + sent)) server.latest().on.frame(eventFrame(e));
          server.latest().on.close();
          vi.runOnlyPendingTimers();
        }
        const rest = log.filter((e) => e.position > server.latest().after);
        server.latest().on.open();
        for (const e of rest) server.latest().on.frame(eventFrame(e));
        server.latest().on.frame(heartbeatFrame(log.at(-1)!.position));
        client.stop();

        expect(client.model().status).toBe('live');
        expect(client.model().events.map((e) => e.position)).toEqual(log.map((e) => e.position));
      }),
    );
  });
});

describe('a credential the server no longer accepts', () => {
  it.each([
    [4401, /revoked or your session ended/],
    [4403, /no longer have rights/],
  ])('stops at close code %i instead of reconnecting, and says why', (code, why) => {
    const server = fakeSockets();
    const live = connectModel(server.openSocket);
    server.latest().on.open();
    server.latest().on.frame(heartbeatFrame(0));
    server.latest().on.close(code);
    vi.advanceTimersByTime(60_000);
    expect(server.sockets).toHaveLength(1);
    expect(live.model()).toMatchObject({ status: 'failed', problem: expect.stringMatching(why) });
    live.stop();
  });

  it('still reconnects after any other close (4008: too slow)', () => {
    const server = fakeSockets();
    const live = connectModel(server.openSocket);
    server.latest().on.open();
    server.latest().on.close(4008);
    vi.advanceTimersByTime(1_000);
    expect(server.sockets).toHaveLength(2);
    expect(live.model().status).not.toBe('failed');
    live.stop();
  });
});
