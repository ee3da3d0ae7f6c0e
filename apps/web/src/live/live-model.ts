import { LiveCloseCode, ServerMessage } from '@steerlog/contract';
import type { ProgrammeState, RecordedEvent } from '@steerlog/domain';
import { DomainEvent, evolve, fold, needsRefold } from '@steerlog/domain';

/**
 * - `behind`: connecting, or connected but the backlog has not all arrived yet;
 * - `live`: the server's first heartbeat on this connection said the backlog is done;
 * - `reconnecting`: the connection dropped and a new one is on its way;
 * - `failed`: the server sent something this client cannot read, so it stopped rather than
 *   show a state the server would disagree with.
 */
export type ConnectionStatus = 'behind' | 'live' | 'reconnecting' | 'failed';

export type LiveModel = {
  /** Every event received, in position order, each once. */
  readonly events: readonly RecordedEvent[];
  /**
   * The domain's own fold of `events`, so the browser shows exactly what the server computes.
   * Null until the first backlog is complete: a half-replayed programme would show a past state as current.
   */
  readonly state: ProgrammeState | null;
  /** Position of the last event received: the `after` to reconnect with, so nothing is lost or repeated. */
  readonly lastPosition: number;
  readonly status: ConnectionStatus;
  readonly problem: string | null;
  /**
   * The last position of the backlog when this page first caught up, null until then: what came
   * after it was recorded while the page watched.
   */
  readonly caughtUpAt: number | null;
};

export const initialModel = (): LiveModel => ({
  events: [],
  state: null,
  lastPosition: 0,
  status: 'behind',
  problem: null,
  caughtUpAt: null,
});

const fail = (model: LiveModel, problem: string): LiveModel => ({ ...model, status: 'failed', problem });

const applyEvent = (model: LiveModel, event: RecordedEvent): LiveModel => {
  const events = [...model.events, event];
  let state = model.state;
  // An event back-dated before one already applied, or a retraction, changes the fold's order or
  // content: only a full refold gives what the server's fold gives.
  if (state !== null) state = needsRefold(state, event) ? fold(events) : evolve(state, event);
  return { ...model, events, state, lastPosition: event.position };
};

/** A websocket text frame as a server message, or null when it is not one. */
export const parseFrame = (data: unknown): ServerMessage | null => {
  if (typeof data !== 'string') return null;
  try {
    const message = ServerMessage.safeParse(JSON.parse(data));
    return message.success ? message.data : null;
  } catch {
    return null;
  }
};

/** The model after one websocket text frame. Pure: the socket is someone else's business. */
export const receiveFrame = (model: LiveModel, data: unknown): LiveModel => {
  if (model.status === 'failed') return model;
  const message = parseFrame(data);
  if (message === null) return fail(model, 'The server sent a message this page does not understand.');
  // The server no longer has what this client saw: start again; the server sends the log from 0.
  if (message.kind === 'reset') return { ...initialModel(), status: 'behind' };
  if (message.kind === 'heartbeat')
    return {
      ...model,
      status: 'live',
      state: model.state ?? fold(model.events),
      caughtUpAt: model.caughtUpAt ?? model.lastPosition,
    };
  const envelope = message.event;
  // A reconnect may overlap what was already seen: positions only grow, so anything not beyond the last is a repeat.
  if (envelope.position <= model.lastPosition) return model;
  // The server upcasts before sending, so `type` and `data` must read with today's schemas.
  const domain = DomainEvent.safeParse({ type: envelope.type, data: envelope.data });
  if (!domain.success) return fail(model, `Event ${envelope.position} (${envelope.type}) could not be read.`);
  return applyEvent(model, { ...envelope, ...domain.data });
};

export const connectionOpened = (model: LiveModel): LiveModel =>
  model.status === 'failed' ? model : { ...model, status: 'behind' };

export const connectionLost = (model: LiveModel): LiveModel =>
  model.status === 'failed' ? model : { ...model, status: 'reconnecting' };

/** The server closed the live connection because the credential no longer lets in (4401, 4403). */
export const connectionRefused = (model: LiveModel, code: number): LiveModel =>
  fail(
    model,
    code === LiveCloseCode.forbidden
      ? 'You no longer have rights in this programme.'
      : 'Your access was revoked or your session ended: sign in again.',
  );
