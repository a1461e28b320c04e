import type { ServerMessage } from '@lingocast/contract';
import type { Connection, SessionRecord } from '@lingocast/session-data';

// The messages the connection lifecycle sends, built in one place so every step says the same thing.

type MessageOf<T extends ServerMessage['type']> = Extract<ServerMessage, { type: T }>;

/**
 * The greeting of a joined connection: the session's state as this connection sees it.
 *
 * @example
 * await gateway.send(connectionId, sessionJoined(session, connection, clock.now(), requestId));
 */
export function sessionJoined(
  session: SessionRecord,
  connection: Connection,
  nowMs: number,
  requestId: string,
): MessageOf<'sessionJoined'> {
  return {
    type: 'sessionJoined',
    timestamp: nowMs,
    requestId,
    sessionId: session.sessionId,
    role: connection.role,
    connectionId: connection.connectionId,
    sourceLanguage: session.sourceLanguage,
    ...(connection.targetLanguage ? { targetLanguage: connection.targetLanguage } : {}),
    status: session.status,
    broadcastState: session.broadcastState,
    listenerCount: session.listenerCount,
    ...(connection.role === 'listener'
      ? { captionsOnly: connection.captionsOnly === true, liveCaptions: connection.liveCaptions === true }
      : {}),
  };
}

/**
 * Tells the new connection of a refresh that it has taken the old one's place.
 *
 * @example
 * await gateway.send(next.connectionId, refreshComplete(next, clock.now(), requestId));
 */
export function refreshComplete(
  connection: Connection,
  nowMs: number,
  requestId: string,
): MessageOf<'connectionRefreshComplete'> {
  return {
    type: 'connectionRefreshComplete',
    timestamp: nowMs,
    requestId,
    sessionId: connection.sessionId,
    role: connection.role,
    connectionId: connection.connectionId,
  };
}

/**
 * The sweeper's request to open a new connection and refresh onto it (sent once per connection).
 *
 * @example
 * await gateway.send(connection.connectionId, refreshRequired(connection, nowMs));
 */
export function refreshRequired(
  connection: Connection,
  nowMs: number,
): MessageOf<'connectionRefreshRequired'> {
  return {
    type: 'connectionRefreshRequired',
    timestamp: nowMs,
    sessionId: connection.sessionId,
    role: connection.role,
    connectionId: connection.connectionId,
  };
}

/**
 * How long a connection has before API Gateway closes it.
 *
 * @example
 * connectionWarning(nowMs, 10); // { type: 'connectionWarning', timestamp: nowMs, remainingMinutes: 10 }
 */
export function connectionWarning(nowMs: number, remainingMinutes: number): MessageOf<'connectionWarning'> {
  return { type: 'connectionWarning', timestamp: nowMs, remainingMinutes };
}

/**
 * Why an idle connection is being closed.
 *
 * @example
 * connectionTimeout(nowMs, 600_000); // reason: 'no message for 600 s'
 */
export function connectionTimeout(nowMs: number, idleTimeoutMs: number): MessageOf<'connectionTimeout'> {
  return {
    type: 'connectionTimeout',
    timestamp: nowMs,
    reason: `no message for ${Math.round(idleTimeoutMs / 1000)} s`,
  };
}
