import type { SessionRecord } from '@lingocast/session-data';
import type { Deps } from './deps';

/** Asks audio-transcription to close the session's utterance in progress. */
export function flushAudio(
  deps: Pick<Deps, 'audio'>,
  session: Pick<SessionRecord, 'sessionId' | 'sourceLanguage' | 'speakerConnectionId'>,
  requestId: string,
): Promise<void> {
  return deps.audio.flush({
    sessionId: session.sessionId,
    sourceLanguage: session.sourceLanguage,
    ...(session.speakerConnectionId ? { speakerConnectionId: session.speakerConnectionId } : {}),
    requestId,
  });
}
