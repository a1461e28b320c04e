import type { UtteranceClaimedEvent } from '@lingocast/contract';
import { measureEmotion } from '../domain/emotion';
import { detectQualityIssues } from '../domain/audio-quality';
import { truecase } from '../domain/truecase';
import type { Deps } from './deps';

export type TranscriptionOutcome =
  { kind: 'forwarded'; text: string } | { kind: 'empty' } | { kind: 'failed'; reason: string };

function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

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
    if (event.speakerConnectionId) {
      await deps.speaker.notify(event.speakerConnectionId, {
        type: 'error',
        timestamp: deps.clock.now(),
        code: 'TRANSCRIPTION_FAILED',
        message: `utterance ${event.sequenceNumber} could not be transcribed; it was not broadcast`,
        requestId: event.requestId,
      });
    }
    return { kind: 'failed', reason: (error as Error).message };
  }
  const transcribedAt = deps.clock.now();
  if (text === '') {
    log.info({ durationMs }, 'utterance had no recognisable speech');
    return { kind: 'empty' };
  }
  const emotion = measureEmotion({ pcm, sampleRate, wordCount: countWords(text) });
  await deps.translation.submit({
    kind: 'utteranceTranscribed',
    sessionId: event.sessionId,
    sequenceNumber: event.sequenceNumber,
    sourceLanguage: event.sourceLanguage,
    text,
    emotion,
    durationMs,
    timings: { ...event.timings, transcribedAt },
    requestId: event.requestId,
  });
  log.info(
    { durationMs, sttMs: transcribedAt - event.timings.assembledAt, words: countWords(text) },
    'utterance transcribed and forwarded',
  );
  return { kind: 'forwarded', text };
}

async function warnAboutQuality(
  deps: Deps,
  event: UtteranceClaimedEvent,
  pcm: Buffer,
  sampleRate: number,
): Promise<void> {
  if (!event.speakerConnectionId) return;
  for (const issue of detectQualityIssues(pcm, sampleRate)) {
    const nowMs = deps.clock.now();
    if (
      !(await deps.store.allowWarning(
        event.sessionId,
        issue.issue,
        nowMs,
        deps.settings.qualityWarningIntervalMs,
      ))
    )
      continue;
    // Warnings are advisory: failing to deliver one must not cost the speaker the utterance.
    await deps.speaker
      .notify(event.speakerConnectionId, {
        type: 'audioQualityWarning',
        timestamp: nowMs,
        issue: issue.issue,
        message: issue.message,
        value: issue.value,
        threshold: issue.threshold,
      })
      .catch((error: unknown) =>
        deps.logger.warn({ err: error, issue: issue.issue }, 'audio-quality warning not delivered'),
      );
  }
}
