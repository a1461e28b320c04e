import type { ServerMessage, UtteranceTranscribedEvent } from '@lingocast/contract';
import type { Deps } from './deps';

/** What became of the speaker's copy of an utterance's transcript. */
export type SpeakerTranscriptOutcome = 'sent' | 'gone' | 'failed';

/**
 * Sends the speaker what was recognised, so mistakes show as they happen: a `transcript` whose
 * target is the source language (`translatedText` = `sourceText`). A speaker that is gone (410) is
 * not an error: its row is session-management's to clean up. Never throws: the listeners' delivery
 * must not depend on it.
 *
 * @example
 * const outcome = await sendSpeakerTranscript(deps, utterance, session.speakerConnectionId); // 'sent'
 */
export async function sendSpeakerTranscript(
  deps: Pick<Deps, 'listeners' | 'clock' | 'logger'>,
  event: UtteranceTranscribedEvent,
  speakerConnectionId: string,
): Promise<SpeakerTranscriptOutcome> {
  const transcript: ServerMessage = {
    type: 'transcript',
    timestamp: deps.clock.now(),
    sessionId: event.sessionId,
    sequenceNumber: event.sequenceNumber,
    sourceLanguage: event.sourceLanguage,
    sourceText: event.text,
    targetLanguage: event.sourceLanguage,
    translatedText: event.text,
  };
  try {
    const { gone, failed } = await deps.listeners.sendAll([speakerConnectionId], [transcript]);
    if (gone.length > 0) {
      deps.logger.info({ utterance: event.sequenceNumber }, 'the speaker is gone; transcript not delivered');
      return 'gone';
    }
    if (failed > 0) {
      deps.logger.warn({ utterance: event.sequenceNumber }, 'speaker transcript not delivered');
      return 'failed';
    }
    return 'sent';
  } catch (error) {
    deps.logger.warn({ err: error, utterance: event.sequenceNumber }, 'speaker transcript not delivered');
    return 'failed';
  }
}
