import { DomainError } from '@lingocast/errors';
import type { ActionHandler } from './action-context';
import { reply, sessionOf } from './action-context';
import { enforceRateLimit } from './rate-limits';

/** The `sendAudio` action: forwards one chunk of the speaker's audio to transcription, then acknowledges it. */
export const sendAudio: ActionHandler<'sendAudio'> = async (deps, ctx, message) => {
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
};
