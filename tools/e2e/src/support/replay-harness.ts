import WebSocket from 'ws';
import { ListenerClient, SpeakerClient } from '@lingocast/client';
import type { Session } from '@lingocast/contract';
import { requestToken } from '@lingocast/stage';
import { sleep } from '@lingocast/speech-fixtures';
import { until } from './stage';
import type { HeardUtterance } from './talk';
import { ListenerRecord, logLines, translatedUtterances } from './talk';

// The replay spec's talk: a speaker and listeners on a stage, waits that end with the talk, and the
// checks every case shares (what a listener ended with, in order, each once).

/**
 * Clients as a phone's would be, only quicker to notice: heartbeats every 3 s (a black-holed socket
 * is dropped within about 6 s; default 30 s) and retries from 200 ms up to 1 s, for minutes.
 */
export const CLIENT_TUNING = {
  WebSocket,
  backoff: { minMs: 200, maxMs: 1_000, factor: 2, jitter: 0.2, stableAfterMs: 5_000 },
  maxReconnectAttempts: 400,
  heartbeatIntervalMs: 3_000,
  connectTimeoutMs: 10_000,
  refreshSpreadMs: 0,
};

/** Where a stage answers, and the folder of its logs. */
export interface StageUrls {
  httpApi: string;
  websocket: string;
  tokenUrl: string;
  logDir: string;
}

/** A talk being given: the session, its speaker, and listeners joined to it. */
export interface Talk {
  session: Session;
  speaker: SpeakerClient;
  /** Joins a listener through `websocketUrl` (the stage's, or a proxy's in front of it). */
  listen(websocketUrl: string, language?: string): Promise<ListenerRecord>;
  /** Ends the session and closes every client. */
  end(): Promise<void>;
}

/**
 * Creates a session on the stage and connects its speaker.
 *
 * @example
 * const talk = await startTalk(urls);
 * const reference = await talk.listen(urls.websocket);
 */
export async function startTalk(urls: StageUrls): Promise<Talk> {
  const { idToken } = await requestToken(urls.tokenUrl, `replay-speaker-${Date.now()}`);
  const speaker = new SpeakerClient({
    httpUrl: urls.httpApi,
    websocketUrl: urls.websocket,
    tokenProvider: () => idToken,
    ...CLIENT_TUNING,
  });
  const session = await speaker.createSession({ sourceLanguage: 'en' });
  await speaker.connect(session.sessionId);
  const clients: Array<{ close(): void }> = [speaker];
  return {
    session,
    speaker,
    async listen(websocketUrl, language = 'es') {
      const listener = new ListenerClient({ websocketUrl, ...CLIENT_TUNING });
      clients.push(listener);
      const record = new ListenerRecord(listener);
      await listener.join(session.sessionId, language);
      return record;
    },
    async end() {
      await speaker.endSession().catch(() => undefined);
      clients.forEach((client) => client.close());
    },
  };
}

/** A claimed utterance still without text this long after its claim was silence (dropped quietly). */
const PRESUMED_EMPTY_MS = 25_000;

/**
 * Where the session's utterances are: cut by audio-transcription, transcribed (empty ones are
 * dropped without a line), translated into Spanish by translation-pipeline — from their logs.
 */
function utteranceProgress(urls: StageUrls, sessionId: string) {
  type Line = { sessionId?: string; utterance: number; time: string };
  const numbers = (part: string, message: string) => logLines<Line>(urls.logDir, part, message, sessionId);
  const claimed = numbers('audio-transcription', 'utterance claimed');
  const forwarded = new Set(
    numbers('audio-transcription', 'utterance transcribed and forwarded').map((l) => l.utterance),
  );
  const translated = translatedUtterances(urls.logDir, sessionId, 'es');
  const pending = claimed.filter(
    (l) => !forwarded.has(l.utterance) && Date.now() - Date.parse(l.time) < PRESUMED_EMPTY_MS,
  );
  const untranslated = [...forwarded].filter((n) => !translated.includes(n));
  return { claimed: claimed.length, translated, busy: pending.length + untranslated.length > 0 };
}

/**
 * Waits until the talk is over on the server — every chunk acknowledged, every utterance cut,
 * transcribed and translated (or found silent) — and `reference` holds each translated utterance
 * (caption and audio), with nothing new for 4 s; returns the translated utterance numbers. Bounded;
 * a timeout is no error here: the assertions that follow show what is missing.
 */
export async function talkSettled(urls: StageUrls, talk: Talk, reference: ListenerRecord): Promise<number[]> {
  let lastChange = Date.now();
  let seen = '';
  await until(
    () => {
      const progress = utteranceProgress(urls, talk.session.sessionId);
      const state = JSON.stringify([progress, reference.captions.length, reference.audio.length]);
      if (state !== seen) [seen, lastChange] = [state, Date.now()];
      return (
        talk.speaker.queuedAudioBytes === 0 &&
        !progress.busy &&
        progress.translated.length > 0 &&
        reference.captions.length >= progress.translated.length &&
        reference.audio.length >= progress.translated.length &&
        Date.now() - lastChange >= 4_000
      );
    },
    'the talk to be translated and heard by the reference listener',
    120_000,
  ).catch(() => undefined);
  return translatedUtterances(urls.logDir, talk.session.sessionId, 'es');
}

/**
 * Waits (bounded) for `record` to hold `count` captions and audios, then a second for late
 * duplicates. A timeout is no error here either.
 */
export async function holdingAll(record: ListenerRecord, count: number): Promise<void> {
  await until(
    () => record.captions.length >= count && record.audio.length >= count,
    `a listener to hold all ${count} utterances`,
    30_000,
  ).catch(() => undefined);
  await sleep(1_000);
}

/** What a listener heard, ordered by utterance number (a reference's live order may differ). */
export function byNumber(heard: readonly HeardUtterance[]): HeardUtterance[] {
  return [...heard].sort((a, b) => a.sequenceNumber - b.sequenceNumber);
}

/** Asserts that `record` emitted each caption and each audio once, in utterance order. */
export function expectInOrderOnce(record: ListenerRecord): void {
  const captions = record.captions.map((c) => c.sequenceNumber);
  const audio = record.audio.map((a) => a.sequenceNumber);
  expect(captions).toEqual([...new Set(captions)].sort((a, b) => a - b));
  expect(audio).toEqual([...new Set(audio)].sort((a, b) => a - b));
}

/** One line about what a listener ended with, for the test's output. */
export function describeRecord(name: string, record: ListenerRecord): string {
  const replays = record.received('replayComplete').map((r) => ({
    replayed: r.replayed,
    last: r.lastSequenceNumber,
    ...(r.missed ? { missed: r.missed } : {}),
  }));
  return (
    `${name}: captions ${record.captions.map((c) => c.sequenceNumber).join(',')}; ` +
    `audio ${record.audio.map((a) => a.sequenceNumber).join(',')}; drops ${record.disconnects.length}, ` +
    `reconnects ${record.reconnects.length}; replayComplete ${JSON.stringify(replays)}`
  );
}
