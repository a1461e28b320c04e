import type {
  EmotionDynamics,
  ServerMessage,
  TranscriptMessage,
  TranslatedAudioMessage,
  UtteranceTranscribedEvent,
} from '@lingocast/contract';
import { METRICS_NAMESPACE, emitMetric } from '@lingocast/logging';
import type { Connection } from '@lingocast/session-data';
import { splitAudioMessages } from '../domain/audio-messages';
import { translationCacheKey } from '../domain/cache-key';
import type { SynthesizedSpeech } from '../ports';
import type { Deps } from './deps';
import { followRefreshed } from './follow-refreshed';
import { sendSpeakerTranscript } from './speaker-transcript';
import type { SpeakerTranscriptOutcome } from './speaker-transcript';

/** Timings of one language's work, for the latency breakdown. */
export interface LanguageReport {
  language: string;
  listeners: number;
  /** Of them, those who get captions without audio. */
  captionsOnly: number;
  ok: boolean;
  cacheHit: boolean;
  translationMs: number;
  synthesisMs: number;
  fanOutMs: number;
  /** When the first `translatedAudio` was handed to the gateway (ms since epoch). */
  firstAudioSentAt?: number;
  /** Connections that answered 410. */
  gone: number;
  /** Listeners reached on the connection that replaced a gone one (a refresh during the fan-out). */
  followed: number;
  error?: string;
}

export interface UtteranceReport {
  skipped?: 'session-missing' | 'session-ended' | 'no-listeners';
  languages: LanguageReport[];
  /** The speaker's copy of the transcript, when a speaker is connected. */
  speakerTranscript?: SpeakerTranscriptOutcome;
}

/**
 * One language's listeners: every one gets the caption, only `withAudio` the translated speech (with the
 * caption inside it, so they get no separate `transcript`).
 */
interface LanguageAudience {
  connectionIds: string[];
  withAudio: string[];
}

function groupByLanguage(listeners: readonly Connection[]): Map<string, LanguageAudience> {
  const groups = new Map<string, LanguageAudience>();
  for (const listener of listeners) {
    if (!listener.targetLanguage) continue;
    const audience = groups.get(listener.targetLanguage) ?? { connectionIds: [], withAudio: [] };
    audience.connectionIds.push(listener.connectionId);
    if (listener.captionsOnly !== true) audience.withAudio.push(listener.connectionId);
    groups.set(listener.targetLanguage, audience);
  }
  return groups;
}

/**
 * The translation, from the cache or the translator. A new translation's cache write is returned, not
 * awaited: the listeners need not wait for it (the caller awaits it before finishing).
 */
async function translateOnce(
  deps: Deps,
  event: UtteranceTranscribedEvent,
  language: string,
): Promise<{ text: string; cacheHit: boolean; cacheWrite?: Promise<void> }> {
  if (language === event.sourceLanguage) return { text: event.text, cacheHit: false };
  const key = translationCacheKey(event.sourceLanguage, language, event.text);
  const nowMs = deps.clock.now();
  const cached = await deps.cache.get(key, nowMs).catch(() => undefined);
  if (cached !== undefined) return { text: cached, cacheHit: true };
  const text = await deps.translator.translate({
    text: event.text,
    sourceLanguage: event.sourceLanguage,
    targetLanguage: language,
  });
  const cacheWrite = deps.cache
    .put(key, text, nowMs)
    .catch((error: unknown) => deps.logger.warn({ err: error }, 'translation cache write failed'));
  return { text, cacheHit: false, cacheWrite };
}

async function serveLanguage(
  deps: Deps,
  event: UtteranceTranscribedEvent,
  language: string,
  audience: LanguageAudience,
  muted: boolean,
): Promise<LanguageReport> {
  const { connectionIds, withAudio } = audience;
  const report: LanguageReport = {
    language,
    listeners: connectionIds.length,
    captionsOnly: connectionIds.length - withAudio.length,
    ok: false,
    cacheHit: false,
    translationMs: 0,
    synthesisMs: 0,
    fanOutMs: 0,
    gone: 0,
    followed: 0,
  };
  const gone = new Set<string>();
  /** What every listener of this language was sent, in order. */
  const sent: ServerMessage[] = [];
  let cacheWrite: Promise<void> | undefined;
  try {
    const started = deps.clock.now();
    const translation = await translateOnce(deps, event, language);
    const { text } = translation;
    cacheWrite = translation.cacheWrite;
    report.cacheHit = translation.cacheHit;
    report.translationMs = deps.clock.now() - started;
    const caption: TranscriptMessage = {
      type: 'transcript',
      timestamp: deps.clock.now(),
      sessionId: event.sessionId,
      sequenceNumber: event.sequenceNumber,
      sourceLanguage: event.sourceLanguage,
      sourceText: event.text,
      targetLanguage: language,
      translatedText: text,
    };
    sent.push(caption);
    // A muted broadcast, or a language whose listeners all follow captions only, is not synthesised.
    if (muted || withAudio.length === 0) {
      const captions = await deps.listeners.sendAll(connectionIds, [caption]);
      captions.gone.forEach((id) => gone.add(id));
    } else {
      // Captions-only listeners need not wait for the speech; the others get the caption inside it.
      const audioListeners = new Set(withAudio);
      const captionsOnly = connectionIds.filter((id) => !audioListeners.has(id));
      const captionsSent =
        captionsOnly.length === 0
          ? Promise.resolve({ gone: [] as string[] })
          : deps.listeners.sendAll(captionsOnly, [caption]);
      captionsSent.catch(() => undefined); // awaited below, unless the synthesis fails first
      const speech = await synthesize(deps, event, language, text, report).catch(async (error: unknown) => {
        // No speech: the audio listeners still get the caption, then the language counts as failed.
        const fallback = await deps.listeners.sendAll(withAudio, [caption]);
        fallback.gone.forEach((id) => gone.add(id));
        throw error;
      });
      const messages = audioMessages(deps, event, language, text, speech);
      sent.push(...messages);
      const fanOutStarted = deps.clock.now();
      report.firstAudioSentAt = fanOutStarted;
      const [captions, delivery] = await Promise.all([
        captionsSent,
        deps.listeners.sendAll(withAudio, messages),
      ]);
      captions.gone.forEach((id) => gone.add(id));
      delivery.gone.forEach((id) => gone.add(id));
      report.fanOutMs = deps.clock.now() - fanOutStarted;
    }
    report.ok = true;
  } catch (error) {
    report.error = (error as Error).message;
    deps.logger.error({ err: error, language }, 'language failed; the other languages go on');
  }
  if (report.ok && gone.size > 0) {
    report.followed = await followRefreshed(deps, {
      sessionId: event.sessionId,
      language,
      sentTo: connectionIds,
      gone,
      messages: sent,
    }).catch((error: unknown) => {
      deps.logger.warn({ err: error, language }, 'could not look for refreshed connections');
      return 0;
    });
  }
  await cacheWrite;
  report.gone = gone.size;
  // A 410 for a connection still in its `$connect` is not gone: removeGoneConnection leaves those.
  const goneAt = deps.clock.now();
  await Promise.all(
    [...gone].map((id) => deps.sessions.removeGoneConnection(id, goneAt).catch(() => undefined)),
  );
  return report;
}

/**
 * The utterance's speech as `translatedAudio`, each part carrying the caption (`sourceLanguage`,
 * `sourceText`, `transcript`), so a listener gets one post per utterance when the MP3 fits in a frame.
 */
function audioMessages(
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

/** Synthesises one language's translation with the speaker's emotion; notes the time it took in `report`. */
async function synthesize(
  deps: Deps,
  event: UtteranceTranscribedEvent,
  language: string,
  text: string,
  report: LanguageReport,
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

/**
 * Translates, speaks and delivers one utterance to every listener: only the languages that have
 * listeners, each translated and synthesised once, all languages in parallel, and a failure in one
 * language never stops the others. Muted broadcasts, and captions-only listeners, get captions only.
 * The speaker gets the recognised text first (in parallel with the languages, so no listener waits).
 */
export async function translateUtterance(
  deps: Deps,
  event: UtteranceTranscribedEvent,
): Promise<UtteranceReport> {
  const nowMs = deps.clock.now();
  // Both reads at once: the listeners of a missing or ended session are simply not used.
  const [session, listeners] = await Promise.all([
    deps.sessions.getSession(event.sessionId, nowMs),
    deps.sessions.listListeners(event.sessionId, nowMs),
  ]);
  if (!session) return { skipped: 'session-missing', languages: [] };
  if (session.status === 'ended') return { skipped: 'session-ended', languages: [] };
  const speakerTranscript = session.speakerConnectionId
    ? sendSpeakerTranscript(deps, event, session.speakerConnectionId)
    : Promise.resolve(undefined);
  const groups = groupByLanguage(listeners);
  if (groups.size === 0)
    return withSpeaker({ skipped: 'no-listeners', languages: [] }, await speakerTranscript);
  const languages = await Promise.all(
    [...groups].map(([language, audience]) =>
      serveLanguage(deps, event, language, audience, session.broadcastState.muted),
    ),
  );
  const speakerOutcome = await speakerTranscript;
  logLatency(deps, event, languages, speakerOutcome);
  return withSpeaker({ languages }, speakerOutcome);
}

function withSpeaker(
  report: UtteranceReport,
  outcome: SpeakerTranscriptOutcome | undefined,
): UtteranceReport {
  return outcome === undefined ? report : { ...report, speakerTranscript: outcome };
}

function logLatency(
  deps: Deps,
  event: UtteranceTranscribedEvent,
  languages: LanguageReport[],
  speakerTranscript: SpeakerTranscriptOutcome | undefined,
): void {
  const firstAudio = Math.min(...languages.map((l) => l.firstAudioSentAt ?? Number.POSITIVE_INFINITY));
  const { lastChunkReceivedAt, assembledAt, transcribedAt } = event.timings;
  const endToEndMs = Number.isFinite(firstAudio) ? firstAudio - lastChunkReceivedAt : undefined;
  deps.logger.info(
    {
      utterance: event.sequenceNumber,
      assemblyMs: assembledAt - lastChunkReceivedAt,
      speechToTextMs: transcribedAt - assembledAt,
      endToEndMs,
      ...(speakerTranscript ? { speakerTranscript } : {}),
      languages: languages.map(
        ({
          language,
          ok,
          cacheHit,
          translationMs,
          synthesisMs,
          fanOutMs,
          listeners,
          captionsOnly,
          gone,
          followed,
        }) => ({
          language,
          ok,
          cacheHit,
          translationMs,
          synthesisMs,
          fanOutMs,
          listeners,
          captionsOnly,
          gone,
          followed,
        }),
      ),
    },
    'utterance delivered',
  );
  if (endToEndMs !== undefined) {
    emitMetric(deps.logger, METRICS_NAMESPACE, 'EndToEndLatency', endToEndMs, 'Milliseconds', {
      Service: 'translation-pipeline',
    });
  }
  const lookups = languages.filter((l) => l.language !== event.sourceLanguage);
  if (lookups.length > 0) {
    const hitRate = (100 * lookups.filter((l) => l.cacheHit).length) / lookups.length;
    emitMetric(deps.logger, METRICS_NAMESPACE, 'TranslationCacheHitRate', hitRate, 'Percent', {
      Service: 'translation-pipeline',
    });
  }
}
