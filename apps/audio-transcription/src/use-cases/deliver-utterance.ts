import type { StageTimings } from '@lingocast/contract';
import { detectQualityIssues } from '../domain/audio-quality';
import { measureEmotion } from '../domain/emotion';
import type { Deps } from './deps';

/** Which utterance of which session, and where to tell its speaker about it. */
export interface UtteranceRef {
  sessionId: string;
  sourceLanguage: string;
  sequenceNumber: number;
  speakerConnectionId?: string;
  requestId: string;
}

/** The number of words of a text (its emotion's speaking rate). */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word.length > 0).length;
}

/**
 * Hands a recognised utterance to translation-pipeline, with its dynamics (volume, rate) measured on its
 * audio. The same for whole-utterance recognition and the follower's streams.
 *
 * @example
 * await forwardUtterance(deps, ref, 'blessed are the peacemakers', { pcm, sampleRate, timings });
 */
export async function forwardUtterance(
  deps: Pick<Deps, 'translation'>,
  ref: UtteranceRef,
  text: string,
  audio: { pcm: Buffer; sampleRate: number; timings: StageTimings },
): Promise<void> {
  const durationMs = (audio.pcm.length / 2 / audio.sampleRate) * 1000;
  const emotion = measureEmotion({
    pcm: audio.pcm,
    sampleRate: audio.sampleRate,
    wordCount: countWords(text),
  });
  await deps.translation.submit({
    kind: 'utteranceTranscribed',
    sessionId: ref.sessionId,
    sequenceNumber: ref.sequenceNumber,
    sourceLanguage: ref.sourceLanguage,
    text,
    emotion,
    durationMs,
    timings: audio.timings,
    requestId: ref.requestId,
  });
}

/** Tells the speaker an utterance could not be recognised and was not broadcast. */
export async function reportLostUtterance(
  deps: Pick<Deps, 'speaker' | 'clock'>,
  ref: UtteranceRef,
  what: string,
): Promise<void> {
  if (!ref.speakerConnectionId) return;
  await deps.speaker.notify(ref.speakerConnectionId, {
    type: 'error',
    timestamp: deps.clock.now(),
    code: 'TRANSCRIPTION_FAILED',
    message: `${what} could not be transcribed; it was not broadcast`,
    requestId: ref.requestId,
  });
}

/**
 * Sends the speaker the audio-quality warnings an utterance's audio deserves, at most one per kind per
 * interval. Advisory: a warning not delivered is logged, never thrown.
 *
 * @example
 * await warnAboutQuality(deps, ref, pcm, 16_000);
 */
export async function warnAboutQuality(
  deps: Pick<Deps, 'store' | 'speaker' | 'clock' | 'settings' | 'logger'>,
  ref: Pick<UtteranceRef, 'sessionId' | 'speakerConnectionId'>,
  pcm: Buffer,
  sampleRate: number,
): Promise<void> {
  const connectionId = ref.speakerConnectionId;
  if (!connectionId) return;
  for (const issue of detectQualityIssues(pcm, sampleRate)) {
    const nowMs = deps.clock.now();
    const allowed = await deps.store.allowWarning(
      ref.sessionId,
      issue.issue,
      nowMs,
      deps.settings.qualityWarningIntervalMs,
    );
    if (!allowed) continue;
    await deps.speaker
      .notify(connectionId, {
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
