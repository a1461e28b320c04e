import { DomainError } from '@lingocast/errors';
import type { ActionHandler } from './action-context';
import { reply } from './action-context';
import { createSession } from './create-session';
import { endSession } from './end-session';

/** The `createSession` action: an authenticated speaker creates a session over the socket. */
export const createSessionAction: ActionHandler<'createSession'> = async (deps, ctx, message) => {
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
};

/** The `endSession` action: the speaker ends the session for everyone. */
export const endSessionAction: ActionHandler<'endSession'> = async (deps, ctx) => {
  const userId = ctx.connection.userId;
  if (!userId) throw new DomainError('UNAUTHORIZED_ACTION', 'only the speaker may end the session');
  await endSession(deps, ctx.connection.sessionId, userId, ctx.requestId);
};
