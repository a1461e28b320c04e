import type {
  BroadcastState,
  ClientAction,
  ClientMessage,
  ClientMessageOf,
  ServerMessage,
} from '@lingocast/contract';
import { LISTENER_ACTIONS, SPEAKER_ACTIONS } from '@lingocast/contract';
import { DomainError, SessionNotFoundError } from '@lingocast/errors';
import type { Connection, SessionRecord } from '@lingocast/session-data';
import { createSession } from './create-session';
import { greetConnection } from './connect';
import type { Deps } from './deps';
import { endSession } from './end-session';
import { flushAudio } from './flush-audio';
import { enforceRateLimit } from './rate-limits';

const ACTIVITY_WRITE_INTERVAL_MS = 30_000;

/** Who sent an action, from the stored connection row (not from anything the client claims). */
export interface ActionContext {
  connection: Connection;
  requestId: string;
  nowMs: number;
}

type Handler<A extends ClientAction> = (
  deps: Deps,
  ctx: ActionContext,
  message: ClientMessageOf<A>,
) => Promise<void>;

function reply(deps: Deps, ctx: ActionContext, message: ServerMessage): Promise<boolean> {
  return deps.gateway.send(ctx.connection.connectionId, message);
}

async function sessionOf(deps: Deps, ctx: ActionContext): Promise<SessionRecord> {
  const session = await deps.store.getSession(ctx.connection.sessionId, ctx.nowMs);
  if (!session) throw new SessionNotFoundError(ctx.connection.sessionId);
  return session;
}

async function notifyListeners(
  deps: Deps,
  sessionId: string,
  nowMs: number,
  message: ServerMessage,
): Promise<void> {
  const listeners = await deps.store.listListeners(sessionId, nowMs);
  await deps.gateway.sendToMany(
    listeners.map((listener) => listener.connectionId),
    message,
  );
}

/** Applies a broadcast-state change, then tells the listeners and the speaker. */
async function changeBroadcast(
  deps: Deps,
  ctx: ActionContext,
  change: Partial<BroadcastState>,
  message: ServerMessage,
): Promise<void> {
  const session = await sessionOf(deps, ctx);
  if (session.status === 'ended') throw new DomainError('SESSION_ENDED', 'the session has ended');
  const broadcastState = { ...session.broadcastState, ...change };
  const status = change.paused === undefined ? session.status : change.paused ? 'paused' : 'active';
  await deps.store.updateSession(session.sessionId, { broadcastState, status }, ctx.nowMs);
  if (change.paused === true) await flushAudio(deps, session, ctx.requestId);
  await notifyListeners(deps, session.sessionId, ctx.nowMs, message);
  await reply(deps, ctx, { ...message, requestId: ctx.requestId });
}

/** A pause/resume/mute/unmute action: one broadcast-state flag and the message announcing it. */
function broadcastToggle<
  A extends 'pauseBroadcast' | 'resumeBroadcast' | 'muteBroadcast' | 'unmuteBroadcast',
>(
  change: Pick<BroadcastState, 'paused'> | Pick<BroadcastState, 'muted'>,
  type: 'broadcastPaused' | 'broadcastResumed' | 'broadcastMuted' | 'broadcastUnmuted',
): Handler<A> {
  return (deps, ctx) =>
    changeBroadcast(deps, ctx, change, { type, timestamp: ctx.nowMs, sessionId: ctx.connection.sessionId });
}

const handlers: { [A in ClientAction]: Handler<A> } = {
  async heartbeat(deps, ctx) {
    await enforceRateLimit(deps, 'heartbeat', ctx.connection.connectionId);
    await deps.store.touchConnection(ctx.connection.connectionId, ctx.nowMs);
    await reply(deps, ctx, { type: 'heartbeatAck', timestamp: deps.clock.now(), requestId: ctx.requestId });
  },

  async joinSession(deps, ctx) {
    await greetConnection(deps, ctx.connection.connectionId, ctx.requestId);
  },

  async createSession(deps, ctx, message) {
    const userId = ctx.connection.userId;
    if (!userId)
      throw new DomainError('UNAUTHORIZED_ACTION', 'only an authenticated speaker may create sessions');
    const request = message.qualityTier
      ? { sourceLanguage: message.sourceLanguage, qualityTier: message.qualityTier }
      : { sourceLanguage: message.sourceLanguage };
    const session = await createSession(deps, userId, request);
    await reply(deps, ctx, {
      type: 'sessionCreated',
      timestamp: deps.clock.now(),
      requestId: ctx.requestId,
      session,
    });
  },

  async sendAudio(deps, ctx, message) {
    await enforceRateLimit(deps, 'audioChunk', ctx.connection.userId ?? ctx.connection.connectionId);
    const session = await sessionOf(deps, ctx);
    if (session.status === 'ended') throw new DomainError('SESSION_ENDED', 'the session has ended');
    if (session.status === 'paused') {
      throw new DomainError('SESSION_NOT_ACTIVE', 'the broadcast is paused; resume it before sending audio');
    }
    await deps.audio.forwardChunk({
      kind: 'audioChunk',
      sessionId: session.sessionId,
      sourceLanguage: session.sourceLanguage,
      speakerConnectionId: ctx.connection.connectionId,
      sequenceNumber: message.sequenceNumber,
      encoding: message.encoding ?? 'pcm_s16le',
      sampleRate: message.sampleRate ?? 16_000,
      audio: message.audio,
      receivedAt: ctx.nowMs,
      requestId: ctx.requestId,
    });
    await reply(deps, ctx, {
      type: 'audioAck',
      timestamp: deps.clock.now(),
      requestId: ctx.requestId,
      sequenceNumber: message.sequenceNumber,
    });
  },

  pauseBroadcast: broadcastToggle({ paused: true }, 'broadcastPaused'),
  resumeBroadcast: broadcastToggle({ paused: false }, 'broadcastResumed'),
  muteBroadcast: broadcastToggle({ muted: true }, 'broadcastMuted'),
  unmuteBroadcast: broadcastToggle({ muted: false }, 'broadcastUnmuted'),

  async setVolume(deps, ctx, message) {
    const sessionId = ctx.connection.sessionId;
    await changeBroadcast(
      deps,
      ctx,
      { volume: message.volume },
      { type: 'volumeChanged', timestamp: ctx.nowMs, sessionId, volume: message.volume },
    );
  },

  async getSessionStatus(deps, ctx) {
    const session = await sessionOf(deps, ctx);
    const listeners = await deps.store.listListeners(session.sessionId, ctx.nowMs);
    const languageDistribution: Record<string, number> = {};
    for (const listener of listeners) {
      const language = listener.targetLanguage ?? 'unknown';
      languageDistribution[language] = (languageDistribution[language] ?? 0) + 1;
    }
    await reply(deps, ctx, {
      type: 'sessionStatus',
      timestamp: deps.clock.now(),
      requestId: ctx.requestId,
      sessionId: session.sessionId,
      status: session.status,
      listenerCount: session.listenerCount,
      languageDistribution,
      sessionDuration: Math.max(0, Math.round((ctx.nowMs - Date.parse(session.createdAt)) / 1000)),
      broadcastState: session.broadcastState,
    });
  },

  async changeLanguage(deps, ctx, message) {
    if (!deps.settings.targetLanguages.includes(message.targetLanguage)) {
      throw new DomainError(
        'UNSUPPORTED_LANGUAGE',
        `target language '${message.targetLanguage}' is not supported; supported: ${deps.settings.targetLanguages.join(', ')}`,
      );
    }
    await deps.store.changeListenerLanguage(ctx.connection.connectionId, message.targetLanguage);
    await reply(deps, ctx, {
      type: 'languageChanged',
      timestamp: deps.clock.now(),
      requestId: ctx.requestId,
      sessionId: ctx.connection.sessionId,
      targetLanguage: message.targetLanguage,
    });
  },

  async setCaptionsOnly(deps, ctx, message) {
    await deps.store.setCaptionsOnly(ctx.connection.connectionId, message.captionsOnly);
    await reply(deps, ctx, {
      type: 'captionsOnlyChanged',
      timestamp: deps.clock.now(),
      requestId: ctx.requestId,
      captionsOnly: message.captionsOnly,
    });
  },

  async refreshConnection(deps, ctx, message) {
    const current = ctx.connection;
    if (message.previousConnectionId === current.connectionId) {
      throw new DomainError(
        'INVALID_PARAMETERS',
        'previousConnectionId is this connection; give the one being replaced',
      );
    }
    if (current.refreshedFrom === message.previousConnectionId) {
      // Already swapped at `$connect` (previousConnectionId in the query string): just confirm.
      await reply(deps, ctx, {
        type: 'connectionRefreshComplete',
        timestamp: deps.clock.now(),
        requestId: ctx.requestId,
        sessionId: current.sessionId,
        role: current.role,
        connectionId: current.connectionId,
      });
      return;
    }
    const previous = await deps.store.getConnection(message.previousConnectionId, ctx.nowMs);
    const sameOwner =
      previous !== undefined &&
      previous.sessionId === current.sessionId &&
      previous.role === current.role &&
      previous.userId === current.userId;
    if (!sameOwner)
      throw new DomainError('FORBIDDEN', 'the previous connection does not belong to this caller');
    await deps.store.removeConnection(previous.connectionId, ctx.nowMs);
    await deps.gateway.close(previous.connectionId);
    await reply(deps, ctx, {
      type: 'connectionRefreshComplete',
      timestamp: deps.clock.now(),
      requestId: ctx.requestId,
      sessionId: current.sessionId,
      role: current.role,
      connectionId: current.connectionId,
    });
  },

  async endSession(deps, ctx) {
    const userId = ctx.connection.userId;
    if (!userId) throw new DomainError('UNAUTHORIZED_ACTION', 'only the speaker may end the session');
    await endSession(deps, ctx.connection.sessionId, userId, ctx.requestId);
  },
};

/** Checks the caller's role may send this action. */
export function assertRoleMayAct(connection: Connection, action: ClientAction): void {
  if (SPEAKER_ACTIONS.includes(action) && connection.role !== 'speaker') {
    throw new DomainError('UNAUTHORIZED_ACTION', `only the speaker may send '${action}'`);
  }
  if (LISTENER_ACTIONS.includes(action) && connection.role !== 'listener') {
    throw new DomainError('UNAUTHORIZED_ACTION', `only listeners may send '${action}'`);
  }
}

/**
 * Runs one validated client action for a connection: checks the connection exists and its role
 * may act, then applies the action and pushes its reply.
 */
export async function handleAction(
  deps: Deps,
  connectionId: string,
  message: ClientMessage,
  requestId: string,
): Promise<void> {
  const nowMs = deps.clock.now();
  const connection = await deps.store.getConnection(connectionId, nowMs);
  if (!connection) {
    throw new DomainError(
      'CONNECTION_NOT_REGISTERED',
      'this connection is not registered (removed, or never completed its $connect); reconnect',
    );
  }
  assertRoleMayAct(connection, message.action);
  // Any message is activity for the idle timeout; written at most every 30 s to keep audio cheap.
  if (message.action !== 'heartbeat' && nowMs - connection.lastSeenAt >= ACTIVITY_WRITE_INTERVAL_MS) {
    await deps.store.touchConnection(connectionId, nowMs);
  }
  const handler = handlers[message.action] as Handler<typeof message.action>;
  await handler(deps, { connection, requestId, nowMs }, message as never);
}
