import type { EmotionDynamics, TranslatedAudioMessage, UtteranceTranscribedEvent } from '@lingocast/contract';
import { splitAudioMessages } from '../domain/audio-messages';
import type { SynthesizedSpeech } from '../ports';
import type { Deps } from './deps';

/**
 * The utterance's speech as `translatedAudio`, each part carrying the caption (`sourceLanguage`,
 * `sourceText`, `transcript`), so a listener gets one post per utterance when the MP3 fits in a frame.
 *
 * @example
 * const messages = audioMessages(deps, event, 'es', 'Hola', await synthesize(deps, event, 'es', 'Hola', report));
 */
export function audioMessages(
  deps: Deps,
  event: UtteranceTranscribedEvent,
  language: string,
  text: string,
  speech: SynthesizedSpeech,
): TranslatedAudioMessage[] {
  return splitAudioMessages(
    {
      type: 'translatedAudio',
      timestamp: deps.clock.now(),
      sessionId: event.sessionId,
      targetLanguage: language,
      sequenceNumber: event.sequenceNumber,
      format: 'mp3',
      durationMs: Math.round(speech.durationMs),
      transcript: text,
      sourceLanguage: event.sourceLanguage,
      sourceText: event.text,
      emotion: event.emotion,
    },
    speech.audio,
  );
}

/**
 * Synthesises one language's translation with the speaker's emotion; notes the time it took in `report`.
 *
 * @example
 * const speech = await synthesize(deps, event, 'es', 'Hola', report); // report.synthesisMs set
 */
export async function synthesize(
  deps: Deps,
  event: UtteranceTranscribedEvent,
  language: string,
  text: string,
  report: { synthesisMs: number },
): Promise<SynthesizedSpeech> {
  const started = deps.clock.now();
  const speech = await deps.synthesizer.synthesize({
    text,
    language,
    emotion: event.emotion as EmotionDynamics,
  });
  report.synthesisMs = deps.clock.now() - started;
  return speech;
}
