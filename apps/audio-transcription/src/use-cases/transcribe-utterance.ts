import type { UtteranceClaimedEvent } from '@lingocast/contract';
import { truecase } from '../domain/truecase';
import type { Deps } from './deps';
import { countWords, forwardUtterance, reportLostUtterance, warnAboutQuality } from './deliver-utterance';

export type TranscriptionOutcome =
  { kind: 'forwarded'; text: string } | { kind: 'empty' } | { kind: 'failed'; reason: string };

/**
 * Transcribes one claimed utterance, measures its dynamics and audio quality, and hands the text
 * to translation-pipeline. A failed transcription is never passed on as text: the speaker gets an
 * `error TRANSCRIPTION_FAILED` instead. Silence or noise (empty text) is dropped quietly.
 */
export async function transcribeUtterance(
  deps: Deps,
  event: UtteranceClaimedEvent,
): Promise<TranscriptionOutcome> {
  const log = deps.logger.child({ utterance: event.sequenceNumber });
  const { pcm, sampleRate } = await deps.store.readAudio(event.sessionId, event.firstChunk, event.lastChunk);
  const durationMs = (pcm.length / 2 / sampleRate) * 1000;
  // Quality warnings go out while the recogniser works: they are advisory and must not delay the text.
  const warnings = warnAboutQuality(deps, event, pcm, sampleRate).catch((error: unknown) =>
    log.warn({ err: error }, 'audio-quality check failed'),
  );
  try {
    return await transcribeAndForward(deps, event, pcm, sampleRate, durationMs);
  } finally {
    await warnings;
  }
}

async function transcribeAndForward(
  deps: Deps,
  event: UtteranceClaimedEvent,
  pcm: Buffer,
  sampleRate: number,
  durationMs: number,
): Promise<TranscriptionOutcome> {
  const log = deps.logger.child({ utterance: event.sequenceNumber });
  let text: string;
  try {
    text = truecase(
      (await deps.speechToText.transcribe({ pcm, sampleRate, languageCode: event.sourceLanguage })).text,
    );
  } catch (error) {
    log.error({ err: error }, 'transcription failed');
    await reportLostUtterance(deps, event, `utterance ${event.sequenceNumber}`);
    return { kind: 'failed', reason: (error as Error).message };
  }
  const transcribedAt = deps.clock.now();
  if (text === '') {
    log.info({ durationMs }, 'utterance had no recognisable speech');
    return { kind: 'empty' };
  }
  await forwardUtterance(deps, event, text, {
    pcm,
    sampleRate,
    timings: { ...event.timings, transcribedAt },
  });
  log.info(
    { durationMs, sttMs: transcribedAt - event.timings.assembledAt, words: countWords(text) },
    'utterance transcribed and forwarded',
  );
  return { kind: 'forwarded', text };
}
