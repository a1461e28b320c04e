import type { ServerMessage, TranscriptMessage, UtteranceTranscribedEvent } from '@lingocast/contract';
import { METRICS_NAMESPACE, emitMetric } from '@lingocast/logging';
import type { SessionRecord } from '@lingocast/session-data';
import { translationCacheKey } from '../domain/cache-key';
import { groupByLanguage, lingeringCandidates, noteServedLanguages, withLingering } from './audiences';
import type { LanguageAudience } from './audiences';
import type { Deps } from './deps';
import { followRefreshed } from './follow-refreshed';
import { sendSpeakerTranscript } from './speaker-transcript';
import type { SpeakerTranscriptOutcome } from './speaker-transcript';
import { noteUtterance, recordReplay } from './record-replay';
import type { ReplayOutcome } from './record-replay';
import { audioMessages, synthesize } from './speech';

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
  /** Nobody listens now, but somebody did within the replay window: recorded for them, sent to nobody. */
  lingering?: true;
  /** What recording it for replay came to (absent without a replay store, or when nothing was translated). */
  replay?: ReplayOutcome;
}

export interface UtteranceReport {
  skipped?: 'session-missing' | 'session-ended' | 'no-listeners';
  languages: LanguageReport[];
  /** The speaker's copy of the transcript, when a speaker is connected. */
  speakerTranscript?: SpeakerTranscriptOutcome;
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
    ...(audience.lingering ? { lingering: true as const } : {}),
  };
  const gone = new Set<string>();
  /** What every listener of this language was sent, in order. */
  const sent: ServerMessage[] = [];
  let cacheWrite: Promise<void> | undefined;
  let replayWrite: Promise<ReplayOutcome | undefined> | undefined;
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
    // A muted broadcast, or a language whose listeners all follow captions only, is not synthesised
    // (a lingering one is: whoever comes back may listen with audio).
    if (muted || (withAudio.length === 0 && !audience.lingering)) {
      const captions = sendTo(deps, connectionIds, [caption]);
      replayWrite = recordReplay(deps, caption, []);
      (await captions).gone.forEach((id) => gone.add(id));
    } else {
      // Captions-only listeners need not wait for the speech; the others get the caption inside it.
      const audioListeners = new Set(withAudio);
      const captionsOnly = connectionIds.filter((id) => !audioListeners.has(id));
      const captionsSent =
        captionsOnly.length === 0
          ? Promise.resolve({ gone: [] as string[] })
          : sendTo(deps, captionsOnly, [caption]);
      captionsSent.catch(() => undefined); // awaited below, unless the synthesis fails first
      const speech = await synthesize(deps, event, language, text, report).catch(async (error: unknown) => {
        // No speech: the audio listeners still get the caption, then the language counts as failed.
        const fallback = sendTo(deps, withAudio, [caption]);
        replayWrite = recordReplay(deps, caption, []);
        (await fallback).gone.forEach((id) => gone.add(id));
        throw error;
      });
      const messages = audioMessages(deps, event, language, text, speech);
      sent.push(...messages);
      const fanOutStarted = deps.clock.now();
      if (!audience.lingering) report.firstAudioSentAt = fanOutStarted;
      const delivered = sendTo(deps, withAudio, messages);
      replayWrite = recordReplay(deps, caption, messages); // beside the fan-out, never before it
      const [captions, delivery] = await Promise.all([captionsSent, delivered]);
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
  const replayed = await replayWrite;
  if (replayed !== undefined) report.replay = replayed;
  report.gone = gone.size;
  // A 410 for a connection still in its `$connect` is not gone: removeGoneConnection leaves those.
  const goneAt = deps.clock.now();
  await Promise.all(
    [...gone].map((id) => deps.sessions.removeGoneConnection(id, goneAt).catch(() => undefined)),
  );
  return report;
}

/** Posts to the connections, and to nobody without a call when there are none (a lingering language). */
function sendTo(
  deps: Deps,
  connectionIds: readonly string[],
  messages: readonly ServerMessage[],
): Promise<{ gone: string[] }> {
  return connectionIds.length === 0
    ? Promise.resolve({ gone: [] })
    : deps.listeners.sendAll(connectionIds, messages);
}

/**
 * Translates, speaks and delivers one utterance to every listener: only the languages that have
 * listeners, each translated and synthesised once, all languages in parallel, and a failure in one
 * language never stops the others. Muted broadcasts, and captions-only listeners, get captions only.
 * The speaker gets the recognised text first (in parallel with the languages, so no listener waits).
 * With a replay store, every language's utterance is recorded, and the languages that had a listener
 * within the window but have none now are served too (to nobody), so a listener who comes back can replay;
 * and every utterance's number is noted, so one greeted before it can ask for it.
 */
export async function translateUtterance(
  deps: Deps,
  event: UtteranceTranscribedEvent,
): Promise<UtteranceReport> {
  const nowMs = deps.clock.now();
  const sessionRead = deps.sessions.getSession(event.sessionId, nowMs);
  // Every utterance of a live session is noted, listened to or not, beside the other reads.
  const noted = sessionRead.then(
    (session) =>
      session && session.status !== 'ended'
        ? noteUtterance(deps, event.sessionId, event.sequenceNumber)
        : undefined,
    () => undefined, // the read's failure is thrown below
  );
  try {
    return await deliver(deps, event, nowMs, sessionRead);
  } finally {
    await noted;
  }
}

async function deliver(
  deps: Deps,
  event: UtteranceTranscribedEvent,
  nowMs: number,
  sessionRead: Promise<SessionRecord | undefined>,
): Promise<UtteranceReport> {
  // The reads at once: the listeners of a missing or ended session are simply not used.
  const [session, listeners, recentLanguages] = await Promise.all([
    sessionRead,
    deps.sessions.listListeners(event.sessionId, nowMs),
    lingeringCandidates(deps, event.sessionId, nowMs),
  ]);
  if (!session) return { skipped: 'session-missing', languages: [] };
  if (session.status === 'ended') return { skipped: 'session-ended', languages: [] };
  const speakerTranscript = session.speakerConnectionId
    ? sendSpeakerTranscript(deps, event, session.speakerConnectionId)
    : Promise.resolve(undefined);
  const groups = groupByLanguage(listeners);
  const audiences = withLingering(groups, recentLanguages);
  if (audiences.size === 0)
    return withSpeaker({ skipped: 'no-listeners', languages: [] }, await speakerTranscript);
  const noted = noteServedLanguages(deps, event.sessionId, groups, nowMs);
  const languages = await Promise.all(
    [...audiences].map(([language, audience]) =>
      serveLanguage(deps, event, language, audience, session.broadcastState.muted),
    ),
  );
  await noted;
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
          lingering,
          replay,
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
          ...(lingering ? { lingering } : {}),
          ...(replay ? { replay } : {}),
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
