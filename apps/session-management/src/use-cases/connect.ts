import { DomainError, SessionNotFoundError } from '@lingocast/errors';
import type { Connection } from '@lingocast/session-data';
import { ttlAfter } from '@lingocast/tables';
import type { VerifiedToken } from '../ports';
import type { Deps } from './deps';
import { flushAudio } from './flush-audio';
import { admitConnectAttempt, enforceRateLimit } from './rate-limits';

/** API Gateway closes every WebSocket after 2 hours; rows outlive that only until TTL or the sweeper. */
const CONNECTION_TTL_SECONDS = 3 * 3600;

export interface ConnectRequest {
  connectionId: string;
  sessionId: string;
  /** Listeners only. */
  targetLanguage?: string;
  /** Present when the authorizer verified a speaker token. */
  speaker?: VerifiedToken;
  /** The caller's IP (`requestContext.identity.sourceIp`), for the per-IP limits. */
  sourceIp?: string;
  /** A refresh: the connection this one replaces (same session, same role; same user for speakers). */
  previousConnectionId?: string;
  /**
   * A reconnect: the client's last connection. Taken over like a refresh while its row still exists
   * (the server died or the network dropped and `$disconnect` never ran), otherwise ignored.
   */
  resumeConnectionId?: string;
  /** Listeners only: captions without audio. A refresh or resume without it keeps the old row's mode. */
  captionsOnly?: boolean;
  requestId: string;
}

type ConnectDeps = Pick<Deps, 'store' | 'greeter' | 'gateway' | 'clock' | 'settings' | 'limits' | 'logger'>;

function assertSupportedLanguage(deps: Pick<Deps, 'settings'>, language: string): void {
  if (!deps.settings.targetLanguages.includes(language)) {
    throw new DomainError(
      'UNSUPPORTED_LANGUAGE',
      `target language '${language}' is not supported; supported: ${deps.settings.targetLanguages.join(', ')}`,
    );
  }
}

/**
 * Registers a new WebSocket connection: the session's speaker (verified token, owner only), an
 * anonymous listener counted against the session's capacity in one atomic step, or — with
 * `previousConnectionId` — a refresh that swaps the old row for the new one without counting again
 * (so a listener in a full session can refresh). Every attempt counts against the per-address
 * ceiling (and waits out the address's failed attempts); new listeners against the session's join rate.
 */
export async function registerConnection(
  deps: ConnectDeps,
  request: ConnectRequest,
): Promise<'refreshed' | 'resumed' | 'new'> {
  if (request.speaker && request.captionsOnly !== undefined) {
    throw new DomainError(
      'INVALID_PARAMETERS',
      'captionsOnly is for listeners; a speaker connects without it',
    );
  }
  const ip = request.sourceIp ?? 'unknown';
  await admitConnectAttempt(deps, ip, request.speaker !== undefined);
  const nowMs = deps.clock.now();
  const base = {
    connectionId: request.connectionId,
    sessionId: request.sessionId,
    connectedAt: nowMs,
    lastSeenAt: nowMs,
    ttl: ttlAfter(nowMs, CONNECTION_TTL_SECONDS),
  };
  let mode: 'refreshed' | 'resumed' | 'new' = 'new';
  if (request.previousConnectionId) {
    await refreshAtConnect(deps, request, request.previousConnectionId, base);
    mode = 'refreshed';
  } else if (
    request.resumeConnectionId &&
    (await resumeAtConnect(deps, request, request.resumeConnectionId, base))
  ) {
    // took the old row's place: no new count, no join against the session's join rate
    mode = 'resumed';
  } else if (request.speaker) {
    await assertSpeakerMayConnect(deps, request.sessionId, request.speaker, nowMs);
    await deps.store.addSpeaker({ ...base, role: 'speaker', userId: request.speaker.userId });
  } else {
    const language = request.targetLanguage;
    if (!language) throw new DomainError('INVALID_PARAMETERS', 'listeners must give targetLanguage');
    assertSupportedLanguage(deps, language);
    await enforceRateLimit(deps, 'listenerJoin', request.sessionId);
    const connection: Connection = {
      ...base,
      role: 'listener',
      targetLanguage: language,
      ...(request.captionsOnly ? { captionsOnly: true } : {}),
    };
    const added = await deps.store.addListener(connection, deps.settings.maxListenersPerSession);
    if (!added.ok) {
      if (added.reason === 'SESSION_NOT_FOUND') throw new SessionNotFoundError(request.sessionId);
      if (added.reason === 'SESSION_ENDED')
        throw new DomainError('SESSION_ENDED', `session '${request.sessionId}' has ended`);
      if (added.reason === 'SESSION_NOT_ACTIVE')
        throw new DomainError('SESSION_NOT_ACTIVE', `session '${request.sessionId}' is paused`);
      throw new DomainError(
        'SESSION_FULL',
        `session '${request.sessionId}' has reached ${deps.settings.maxListenersPerSession} listeners`,
      );
    }
  }
  await deps.greeter.greetLater(request.connectionId, request.requestId);
  return mode;
}

async function assertSpeakerMayConnect(
  deps: Pick<Deps, 'store'>,
  sessionId: string,
  speaker: VerifiedToken,
  nowMs: number,
): Promise<void> {
  const session = await deps.store.getSession(sessionId, nowMs);
  if (!session) throw new SessionNotFoundError(sessionId);
  if (session.status === 'ended') throw new DomainError('SESSION_ENDED', `session '${sessionId}' has ended`);
  if (session.speakerId !== speaker.userId) {
    throw new DomainError('FORBIDDEN', 'only the speaker who created the session may broadcast to it');
  }
}

/** The previous connection when it belongs to this caller: same session, same role, same user for speakers. */
async function ownedConnection(
  deps: Pick<Deps, 'store'>,
  request: ConnectRequest,
  connectionId: string,
  nowMs: number,
): Promise<Connection | undefined> {
  const previous = await deps.store.getConnection(connectionId, nowMs);
  const role = request.speaker ? 'speaker' : 'listener';
  const sameOwner =
    previous !== undefined &&
    previous.sessionId === request.sessionId &&
    previous.role === role &&
    previous.userId === request.speaker?.userId;
  return sameOwner ? previous : undefined;
}

/** The row that takes `previous`'s place, after the same checks as a new connection (except capacity). */
async function successorOf(
  deps: ConnectDeps,
  request: ConnectRequest,
  previous: Connection,
  base: Omit<Connection, 'role'>,
  marker: Pick<Connection, 'refreshedFrom'>,
): Promise<Connection> {
  const nowMs = base.connectedAt;
  if (request.speaker) {
    await assertSpeakerMayConnect(deps, request.sessionId, request.speaker, nowMs);
    return { ...base, role: 'speaker', userId: request.speaker.userId, ...marker };
  }
  const language = request.targetLanguage ?? previous.targetLanguage;
  if (!language) throw new DomainError('INVALID_PARAMETERS', 'listeners must give targetLanguage');
  assertSupportedLanguage(deps, language);
  const session = await deps.store.getSession(request.sessionId, nowMs);
  if (!session) throw new SessionNotFoundError(request.sessionId);
  if (session.status === 'ended')
    throw new DomainError('SESSION_ENDED', `session '${request.sessionId}' has ended`);
  const captionsOnly = request.captionsOnly ?? previous.captionsOnly;
  return {
    ...base,
    role: 'listener',
    targetLanguage: language,
    ...(captionsOnly !== undefined ? { captionsOnly } : {}),
    ...marker,
  };
}

/**
 * The new socket takes the old one's place in one transaction. The old socket stays open until the
 * new one has been greeted (`greetConnection` closes it): until `$connect` returns, API Gateway
 * refuses posts to the new connection, and whatever the pipeline sends the listener meanwhile still
 * reaches it on the old one.
 */
async function refreshAtConnect(
  deps: ConnectDeps,
  request: ConnectRequest,
  previousConnectionId: string,
  base: Omit<Connection, 'role'>,
): Promise<void> {
  const previous = await ownedConnection(deps, request, previousConnectionId, base.connectedAt);
  if (!previous) {
    throw new DomainError('FORBIDDEN', 'the previous connection does not belong to this caller');
  }
  const next = await successorOf(deps, request, previous, base, { refreshedFrom: previousConnectionId });
  if (!(await deps.store.replaceConnection(previous, next))) {
    throw new DomainError('FORBIDDEN', 'the previous connection is already gone; connect without it');
  }
}

/**
 * A reconnecting client's last connection, still registered because its `$disconnect` never ran
 * (the server was killed, the network dropped): the new socket takes its row, so the listener count
 * stays exact and a full session lets its own listeners back in. False when there is nothing of
 * the caller's to take over; the caller then connects as new.
 */
async function resumeAtConnect(
  deps: ConnectDeps,
  request: ConnectRequest,
  resumeConnectionId: string,
  base: Omit<Connection, 'role'>,
): Promise<boolean> {
  const previous = await ownedConnection(deps, request, resumeConnectionId, base.connectedAt);
  if (!previous) return false;
  const next = await successorOf(deps, request, previous, base, {});
  if (!(await deps.store.replaceConnection(previous, next))) return false; // its $disconnect ran meanwhile
  deps.logger.info({ sessionId: request.sessionId, role: next.role }, 'resumed a stale connection');
  await deps.gateway.close(resumeConnectionId);
  return true;
}

/**
 * Forgets a closed connection. Safe to run twice or out of order: the row and the count move
 * together, once. A speaker leaving closes the utterance in progress; the session stays open so
 * the speaker can reconnect (the sweeper ends it after the grace period).
 */
export async function unregisterConnection(
  deps: Pick<Deps, 'store' | 'audio' | 'clock'>,
  connectionId: string,
  requestId: string,
) {
  const nowMs = deps.clock.now();
  const removed = await deps.store.removeConnection(connectionId, nowMs);
  if (removed?.role === 'speaker') {
    const session = await deps.store.getSession(removed.sessionId, nowMs);
    if (session) await flushAudio(deps, { ...session, speakerConnectionId: connectionId }, requestId);
  }
  return removed;
}

/**
 * Sends `sessionJoined` once the connection is open (called asynchronously after `$connect`), and
 * after `$connect` also `connectionRefreshComplete` when this connection replaced another one — then
 * closes the connection it replaced, which stayed open so nothing sent during the switch was lost.
 */
export async function greetConnection(
  deps: Pick<Deps, 'store' | 'gateway' | 'clock'>,
  connectionId: string,
  requestId: string,
  afterConnect = false,
) {
  const nowMs = deps.clock.now();
  const connection = await deps.store.getConnection(connectionId, nowMs);
  if (!connection) return false;
  const session = await deps.store.getSession(connection.sessionId, nowMs);
  if (!session) return false;
  const greeted = await deps.gateway.send(connectionId, {
    type: 'sessionJoined',
    timestamp: nowMs,
    requestId,
    sessionId: session.sessionId,
    role: connection.role,
    connectionId,
    sourceLanguage: session.sourceLanguage,
    ...(connection.targetLanguage ? { targetLanguage: connection.targetLanguage } : {}),
    status: session.status,
    broadcastState: session.broadcastState,
    listenerCount: session.listenerCount,
    ...(connection.role === 'listener' ? { captionsOnly: connection.captionsOnly === true } : {}),
  });
  if (greeted && afterConnect && connection.refreshedFrom) {
    await deps.gateway.send(connectionId, {
      type: 'connectionRefreshComplete',
      timestamp: nowMs,
      requestId,
      sessionId: session.sessionId,
      role: connection.role,
      connectionId,
    });
    // Not retried with the greeting (that would greet twice): the client closes the old socket itself.
    await deps.gateway.close(connection.refreshedFrom).catch(() => undefined);
  }
  return greeted;
}

/** How `$connect`'s greeting waits for API Gateway to open the socket. */
export interface GreetingSchedule {
  /** Give up this long after the first try (the socket was closed before it opened). */
  deadlineMs: number;
  /** Between two tries. */
  retryMs: number;
}

/** What became of a new connection's greeting. */
export type GreetingOutcome = 'greeted' | 'forgotten' | 'unknown';

/**
 * Greets a new connection (`greetWhenOpen`), and forgets one that never opened. Posts answered 410
 * until the deadline, which starts after `$connect` returned, mean the client closed its socket
 * during the handshake — and no `$disconnect` may ever come for a socket closed before `$connect`
 * returned (serverless-offline sends none, and API Gateway's is best-effort). Its row would stay,
 * counted: after a refresh the listener reconnects as new and counts twice. So the row goes as at
 * `$disconnect` (row and count together; a later `$disconnect` finds nothing) and the socket is
 * closed in case it is alive after all, so the client reconnects. A greeting that failed for other
 * reasons (posts erroring, not 410) proves nothing: it is thrown, and the row kept.
 */
export async function greetOrForget(
  deps: Pick<Deps, 'store' | 'gateway' | 'clock' | 'audio'>,
  connectionId: string,
  requestId: string,
  schedule: GreetingSchedule,
): Promise<GreetingOutcome> {
  if (await greetWhenOpen(deps, connectionId, requestId, schedule)) return 'greeted';
  const removed = await unregisterConnection(deps, connectionId, requestId);
  if (!removed) return 'unknown';
  await deps.gateway.close(connectionId).catch(() => undefined);
  return 'forgotten';
}

/**
 * Greets a new connection as soon as it is open: until `$connect` returns, API Gateway answers 410
 * for it, so this tries again every `retryMs` until `deadlineMs` has passed on the injected clock.
 */
export async function greetWhenOpen(
  deps: Pick<Deps, 'store' | 'gateway' | 'clock'>,
  connectionId: string,
  requestId: string,
  schedule: GreetingSchedule,
): Promise<boolean> {
  const deadline = deps.clock.now() + schedule.deadlineMs;
  let lastError: unknown;
  while (deps.clock.now() < deadline) {
    try {
      if (await greetConnection(deps, connectionId, requestId, true)) return true;
    } catch (error) {
      // A post or a read that failed (timed out, throttled) is tried again like a 410, until the deadline.
      lastError = error;
    }
    await deps.clock.sleep(schedule.retryMs);
  }
  if (lastError !== undefined) throw lastError;
  return false;
}
