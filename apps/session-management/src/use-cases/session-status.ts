import type { ActionHandler } from './action-context';
import { reply, sessionOf } from './action-context';

/** The `getSessionStatus` action: the session's state and its listeners per language. */
export const getSessionStatus: ActionHandler<'getSessionStatus'> = async (deps, ctx) => {
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
};
