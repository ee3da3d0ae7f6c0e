import { z } from 'zod';
import { EventEnvelope } from '@steerlog/domain';

/**
 * Frames the live websocket sends. After the backlog the server sends one heartbeat with the
 * head position, so a client knows it has caught up; then a heartbeat at least every 15 s.
 */
export const ServerMessage = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('event'), event: EventEnvelope }),
  z.object({ kind: z.literal('heartbeat'), position: z.number().int().nonnegative() }),
  // The client's `after` is past the head (the store lost events): drop what you hold; the log follows from 0.
  z.object({ kind: z.literal('reset'), head: z.number().int().nonnegative() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** Close codes a live client should understand. */
export const LiveCloseCode = {
  /** The client fell too far behind; reconnect with the last position seen. */
  tooSlow: 4008,
  /** Too many live connections for this token, or in all; the close reason says which. */
  tooMany: 4029,
  /** The server is shutting down; reconnect later. */
  goingAway: 1001,
  /** The token was revoked, or the session ended or expired: sign in again before reconnecting. */
  unauthorized: 4401,
  /** The credential no longer has rights in this programme: do not reconnect with it. */
  forbidden: 4403,
} as const;
