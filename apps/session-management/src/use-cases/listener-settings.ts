import type { ActionHandler } from './action-context';
import { reply } from './action-context';
import { assertSupportedLanguage } from './connection/admission';
import { noteHeard } from './connection/greet';

/** The `changeLanguage` action: later utterances reach this listener in the new language. */
export const changeLanguage: ActionHandler<'changeLanguage'> = async (deps, ctx, message) => {
  assertSupportedLanguage(deps, message.targetLanguage);
  await deps.store.changeListenerLanguage(ctx.connection.connectionId, message.targetLanguage);
  await noteHeard(deps, ctx.connection.sessionId, message.targetLanguage);
  await reply(deps, ctx, {
    type: 'languageChanged',
    timestamp: deps.clock.now(),
    requestId: ctx.requestId,
    sessionId: ctx.connection.sessionId,
    targetLanguage: message.targetLanguage,
  });
};

/** The `setCaptionsOnly` action: from the next utterance, captions with or without audio. */
export const setCaptionsOnly: ActionHandler<'setCaptionsOnly'> = async (deps, ctx, message) => {
  await deps.store.setCaptionsOnly(ctx.connection.connectionId, message.captionsOnly);
  await reply(deps, ctx, {
    type: 'captionsOnlyChanged',
    timestamp: deps.clock.now(),
    requestId: ctx.requestId,
    captionsOnly: message.captionsOnly,
  });
};

/**
 * The `setLiveCaptions` action: from now on, this listener also gets (or stops getting)
 * `transcriptPartial`, the words heard so far while the speaker talks.
 */
export const setLiveCaptions: ActionHandler<'setLiveCaptions'> = async (deps, ctx, message) => {
  await deps.store.setLiveCaptions(ctx.connection.connectionId, message.liveCaptions);
  await reply(deps, ctx, {
    type: 'liveCaptionsChanged',
    timestamp: deps.clock.now(),
    requestId: ctx.requestId,
    liveCaptions: message.liveCaptions,
  });
};
