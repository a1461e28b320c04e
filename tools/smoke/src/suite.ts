import type { ReceivedAudio, TokenProvider, WebSocketFactory } from '@lingocast/client';
import { ListenerClient, SpeakerClient } from '@lingocast/client';
import type { Session, SessionStatusMessage, TranscriptMessage } from '@lingocast/contract';
import { BYTES_PER_MS, chunks } from '@lingocast/speech-fixtures';

/** Where the smoke tests run and how they authenticate. */
export interface SmokeTarget {
  stage: string;
  httpApi: string;
  websocket: string;
  tokenProvider: TokenProvider;
  WebSocket: WebSocketFactory;
}

export interface SmokeOptions {
  /** The listener's language (default `es`). */
  language?: string;
  /** End-to-end latency budget, ms: end of speech → translated audio at the listener (default 5 000). */
  maxLatencyMs?: number;
  /** How long to wait for a translation, ms (default 60 000). */
  translationTimeoutMs?: number;
  /** 16 kHz mono PCM16LE speech for a text (default: flite + sox). */
  speak: (text: string) => Uint8Array;
  /** Progress lines. */
  log?: (line: string) => void;
}

export type SmokeOutcome = 'passed' | 'failed' | 'skipped';

export interface SmokeResult {
  number: number;
  name: string;
  outcome: SmokeOutcome;
  durationMs: number;
  detail: string;
}

export interface SmokeReport {
  stage: string;
  httpApi: string;
  websocket: string;
  startedAt: string;
  durationMs: number;
  passed: boolean;
  sessionId: string | undefined;
  cleanedUp: boolean;
  results: SmokeResult[];
}

const FIRST_SENTENCE = 'The church meets every Sunday morning to pray together.';
const SECOND_SENTENCE = 'Please open your books and sing with us.';
/** What the smoke speaker says, in order (the package ships their speech). */
export const SMOKE_SENTENCES: readonly string[] = [FIRST_SENTENCE, SECOND_SENTENCE];

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once `check` is true (polled), or rejects after `timeoutMs`. */
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await sleep(50);
  }
}

interface Context {
  speaker: SpeakerClient;
  listener: ListenerClient;
  session: Session | undefined;
  acks: Set<number>;
  captions: TranscriptMessage[];
  audio: Array<{ audio: ReceivedAudio; at: number }>;
  listenerEvents: string[];
}

/** Streams speech as 250 ms chunks, paced like a microphone; returns the sequence numbers and when speech ended. */
async function stream(
  speaker: SpeakerClient,
  pcm: Uint8Array,
): Promise<{ sent: number[]; speechEndedAt: number }> {
  const sent: number[] = [];
  for (const chunk of chunks(pcm)) {
    sent.push(speaker.sendAudio(chunk));
    await sleep(chunk.length / BYTES_PER_MS);
  }
  return { sent, speechEndedAt: Date.now() };
}

/**
 * The seven post-deployment smoke tests, run in dependency order against one stage with the client
 * library: session creation, listener join, audio with acks, transcription forwarding, control
 * messages, session status, end to end with latency. Always ends its session.
 */
export async function runSmokeSuite(target: SmokeTarget, options: SmokeOptions): Promise<SmokeReport> {
  const language = options.language ?? 'es';
  const maxLatencyMs = options.maxLatencyMs ?? 5_000;
  const translationTimeoutMs = options.translationTimeoutMs ?? 60_000;
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const results: SmokeResult[] = [];
  const context: Context = {
    speaker: new SpeakerClient({
      httpUrl: target.httpApi,
      websocketUrl: target.websocket,
      tokenProvider: target.tokenProvider,
      WebSocket: target.WebSocket,
    }),
    listener: new ListenerClient({ websocketUrl: target.websocket, WebSocket: target.WebSocket }),
    session: undefined,
    acks: new Set(),
    captions: [],
    audio: [],
    listenerEvents: [],
  };
  context.speaker.on('audioAck', (n) => context.acks.add(n));
  context.listener.on('transcript', (caption) => context.captions.push(caption));
  context.listener.on('audioReceived', (audio) => context.audio.push({ audio, at: Date.now() }));
  context.listener.on('sessionPaused', () => context.listenerEvents.push('paused'));
  context.listener.on('sessionResumed', () => context.listenerEvents.push('resumed'));
  context.listener.on('sessionEnded', () => context.listenerEvents.push('ended'));

  async function test(
    number: number,
    name: string,
    needs: number[],
    body: () => Promise<string>,
  ): Promise<void> {
    const blocked = needs.filter((n) => results.find((r) => r.number === n)?.outcome !== 'passed');
    if (blocked.length > 0) {
      results.push({
        number,
        name,
        outcome: 'skipped',
        durationMs: 0,
        detail: `needs test ${blocked.join(', ')}`,
      });
      log(`- ${number}. ${name}: skipped`);
      return;
    }
    const at = Date.now();
    try {
      const detail = await body();
      results.push({ number, name, outcome: 'passed', durationMs: Date.now() - at, detail });
      log(`✔ ${number}. ${name} (${Date.now() - at} ms)`);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      results.push({ number, name, outcome: 'failed', durationMs: Date.now() - at, detail });
      log(`✘ ${number}. ${name}: ${detail}`);
    }
  }

  await test(1, 'speaker session creation', [], async () => {
    const session = await context.speaker.createSession({ sourceLanguage: 'en' });
    context.session = session;
    const response = await fetch(`${target.httpApi}/sessions/${encodeURIComponent(session.sessionId)}`);
    const stored = (await response.json()) as Partial<Session>;
    if (response.status !== 200 || stored.status !== 'active')
      throw new Error(
        `GET /sessions/${session.sessionId} answered ${response.status} ${stored.status ?? ''}`,
      );
    await context.speaker.connect(session.sessionId);
    return `session ${session.sessionId} created, stored and connected`;
  });

  await test(4, 'listener join', [1], async () => {
    const sessionId = context.session?.sessionId ?? '';
    const joined = await context.listener.join(sessionId, language);
    if (joined.role !== 'listener' || joined.targetLanguage !== language)
      throw new Error(`joined as ${joined.role} in ${joined.targetLanguage ?? 'no language'}`);
    return `joined in ${language}; ${joined.listenerCount} listener(s)`;
  });

  let firstSent: number[] = [];
  await test(2, 'audio chunk sending', [1], async () => {
    const { sent } = await stream(context.speaker, options.speak(FIRST_SENTENCE));
    firstSent = sent;
    await until(() => sent.every((n) => context.acks.has(n)), 20_000, `not every chunk was acknowledged`);
    return `${sent.length} chunks of 250 ms sent, each acknowledged`;
  });

  await test(3, 'transcription forwarding', [2, 4], async () => {
    await until(() => context.captions.length > 0, translationTimeoutMs, 'no transcript arrived');
    const caption = context.captions[0];
    if (!caption?.translatedText || caption.targetLanguage !== language)
      throw new Error(`unexpected transcript ${JSON.stringify(caption)}`);
    return `"${caption.sourceText}" → "${caption.translatedText}" (${firstSent.length} chunks)`;
  });

  await test(5, 'control messages', [1], async () => {
    const replies = [
      (await context.speaker.pause()).type,
      (await context.speaker.resume()).type,
      (await context.speaker.mute()).type,
      (await context.speaker.unmute()).type,
      (await context.speaker.setVolume(0.8)).type,
    ];
    const expected = [
      'broadcastPaused',
      'broadcastResumed',
      'broadcastMuted',
      'broadcastUnmuted',
      'volumeChanged',
    ];
    if (replies.join() !== expected.join()) throw new Error(`replies ${replies.join(', ')}`);
    return replies.join(', ');
  });

  let status: SessionStatusMessage | undefined;
  await test(6, 'session status', [1, 4], async () => {
    status = await context.speaker.getStatus();
    if (status.status !== 'active') throw new Error(`status ${status.status}`);
    if (status.listenerCount < 1 || (status.languageDistribution[language] ?? 0) < 1)
      throw new Error(`listeners ${status.listenerCount}, ${JSON.stringify(status.languageDistribution)}`);
    return `active, ${status.listenerCount} listener(s) ${JSON.stringify(status.languageDistribution)}, volume ${status.broadcastState.volume}`;
  });

  await test(7, 'end to end with latency', [1, 4], async () => {
    const before = new Set(context.audio.map((a) => a.audio.sequenceNumber));
    const { speechEndedAt } = await stream(context.speaker, options.speak(SECOND_SENTENCE));
    // speechEndedAt is when the trailing silence finished; the speech itself ended ~1.2 s earlier.
    const speechEnd = speechEndedAt - 1_200;
    await until(
      () => context.audio.some((a) => !before.has(a.audio.sequenceNumber)),
      translationTimeoutMs,
      'no translated audio arrived',
    );
    const received = context.audio.find((a) => !before.has(a.audio.sequenceNumber));
    const latency = (received?.at ?? Date.now()) - speechEnd;
    const summary = `utterance ${received?.audio.sequenceNumber ?? '?'}: ${received?.audio.audio.length ?? 0} bytes of MP3, "${received?.audio.transcript ?? ''}", ${latency} ms after the speech ended`;
    if (latency > maxLatencyMs) throw new Error(`${summary} (budget ${maxLatencyMs} ms)`);
    return summary;
  });

  let cleanedUp = false;
  if (context.session && context.speaker.state === 'open') {
    try {
      await context.speaker.endSession();
      cleanedUp = true;
    } catch (error) {
      log(
        `! could not end session ${context.session.sessionId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  context.speaker.close();
  context.listener.close();
  results.sort((a, b) => a.number - b.number);
  return {
    stage: target.stage,
    httpApi: target.httpApi,
    websocket: target.websocket,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    passed: results.every((r) => r.outcome === 'passed'),
    sessionId: context.session?.sessionId,
    cleanedUp,
    results,
  };
}

/** The report as text: one line per test with its timing, then the verdict. */
export function formatReport(report: SmokeReport): string {
  const mark: Record<SmokeOutcome, string> = { passed: '✔', failed: '✘', skipped: '-' };
  const lines = [
    `LingoCast smoke tests — stage ${report.stage} (${report.httpApi}, ${report.websocket})`,
    '',
    ...report.results.map(
      (r) =>
        `${mark[r.outcome]} ${r.number}. ${r.name.padEnd(26)} ${`${(r.durationMs / 1000).toFixed(2)} s`.padStart(8)}  ${r.detail}`,
    ),
    '',
    `${report.results.filter((r) => r.outcome === 'passed').length}/${report.results.length} passed in ${(report.durationMs / 1000).toFixed(1)} s; session ${report.sessionId ?? 'none'} ${report.cleanedUp ? 'ended' : 'NOT ended'}`,
    report.passed ? 'PASS' : 'FAIL',
  ];
  return lines.join('\n');
}
