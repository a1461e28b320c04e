import type { BroadcastState, ServerMessage } from '@lingocast/contract';
import { DomainError } from '@lingocast/errors';
import type { ActionContext, ActionHandler } from './action-context';
import { reply, sessionOf } from './action-context';
import type { Deps } from './deps';
import { flushAudio } from './flush-audio';

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

/**
 * A pause/resume/mute/unmute action: one broadcast-state flag and the message announcing it.
 *
 * @example
 * const pauseBroadcast = broadcastToggle({ paused: true }, 'broadcastPaused');
 */
export function broadcastToggle<
  A extends 'pauseBroadcast' | 'resumeBroadcast' | 'muteBroadcast' | 'unmuteBroadcast',
>(
  change: Pick<BroadcastState, 'paused'> | Pick<BroadcastState, 'muted'>,
  type: 'broadcastPaused' | 'broadcastResumed' | 'broadcastMuted' | 'broadcastUnmuted',
): ActionHandler<A> {
  return (deps, ctx) =>
    changeBroadcast(deps, ctx, change, { type, timestamp: ctx.nowMs, sessionId: ctx.connection.sessionId });
}

/** The `setVolume` action: the new volume for every listener. */
export const setVolume: ActionHandler<'setVolume'> = async (deps, ctx, message) => {
  const sessionId = ctx.connection.sessionId;
  await changeBroadcast(
    deps,
    ctx,
    { volume: message.volume },
    { type: 'volumeChanged', timestamp: ctx.nowMs, sessionId, volume: message.volume },
  );
};
