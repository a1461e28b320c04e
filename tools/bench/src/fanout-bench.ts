// Fan-out of one utterance's translatedAudio to 500 listeners on the local stage (real WebSockets
// through serverless-offline, translation-pipeline's own translateUtterance function and fan-out code),
// against the same frames sent by a bare `ws` server to 500 `ws` clients on the same machine.
// Prints figures; asserts nothing. Every phase is bounded in count and time; loopback only.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import WebSocket, { WebSocketServer } from 'ws';
import { ENV } from '@lingocast/config';
import type { UtteranceTranscribedEvent } from '@lingocast/contract';
import { functionName } from '@lingocast/stack';
import { LOCAL_CREDENTIALS, LOCAL_STAGE, freePorts, requestToken, startStage } from '@lingocast/stage';
import { loadAverage, machineLine } from './machine';
import { quantile, summary } from './stats';
import { bounded, sleep, stopOnInterrupt, withTimeout } from './tasks';

const PHASE_TIMEOUT_MS = 30_000;
/** `--utterance long` (default): about eight seconds of speech, whose MP3 takes two frames; `short` fits one. */
const TEXTS: Record<string, string> = {
  long:
    'The children will meet in the garden after the service, and everyone is welcome to join them. ' +
    'Please remember to bring something warm to drink, because the evening will be cold.',
  short: 'The children will meet in the garden after the service.',
};

/**
 * A listener socket that notes when it holds every part of an utterance's translatedAudio
 * (`translatedAudio` messages of one sequence number, `parts` of them), and keeps the raw frames.
 */
class Listener {
  readonly completedAt = new Map<number, number>();
  readonly frames = new Map<number, string[]>();
  /** Posts that reached this listener per utterance (captions and audio parts). */
  readonly posts = new Map<number, number>();
  private readonly partsSeen = new Map<number, number>();

  constructor(
    readonly socket: WebSocket,
    private readonly keepFrames: boolean,
  ) {
    socket.on('message', (data: Buffer) => this.onMessage(data.toString('utf8')));
  }

  private onMessage(text: string): void {
    const message = JSON.parse(text) as { type?: string; sequenceNumber?: number; parts?: number };
    if (message.sequenceNumber === undefined) return;
    if (message.type === 'transcript' || message.type === 'translatedAudio')
      this.posts.set(message.sequenceNumber, (this.posts.get(message.sequenceNumber) ?? 0) + 1);
    if (message.type !== 'translatedAudio') return;
    const sequence = message.sequenceNumber;
    if (this.keepFrames) this.frames.set(sequence, [...(this.frames.get(sequence) ?? []), text]);
    const seen = (this.partsSeen.get(sequence) ?? 0) + 1;
    this.partsSeen.set(sequence, seen);
    if (seen === message.parts) this.completedAt.set(sequence, Date.now());
  }
}

function joinListener(url: string, keepFrames: boolean): Promise<Listener> {
  const socket = new WebSocket(url);
  const listener = new Listener(socket, keepFrames);
  const joined = new Promise<Listener>((resolve, reject) => {
    socket.on('message', (data: Buffer) => {
      if ((JSON.parse(data.toString('utf8')) as { type?: string }).type === 'sessionJoined')
        resolve(listener);
    });
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`$connect refused with HTTP ${response.statusCode ?? 0}`)),
    );
    socket.once('error', reject);
  });
  return withTimeout(joined, PHASE_TIMEOUT_MS, 'join').catch((error: unknown) => {
    socket.terminate();
    throw error;
  });
}

/** Waits until every listener holds the whole utterance; the latest completion time (ms since epoch). */
async function lastCompletion(listeners: readonly Listener[], sequence: number): Promise<number> {
  const deadline = Date.now() + PHASE_TIMEOUT_MS;
  while (listeners.some((l) => !l.completedAt.has(sequence))) {
    if (Date.now() > deadline) {
      const missing = listeners.filter((l) => !l.completedAt.has(sequence)).length;
      throw new Error(
        `utterance ${sequence}: ${missing} listener(s) still incomplete after ${PHASE_TIMEOUT_MS} ms`,
      );
    }
    await sleep(5);
  }
  return Math.max(...listeners.map((l) => l.completedAt.get(sequence) ?? 0));
}

function closeAll(sockets: readonly WebSocket[]): Promise<void> {
  return Promise.all(
    sockets.map(
      (socket) =>
        new Promise<void>((resolve) => {
          if (socket.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => {
            socket.terminate();
            resolve();
          }, 5_000);
          socket.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          socket.close();
        }),
    ),
  ).then(() => undefined);
}

interface LanguageReport {
  ok: boolean;
  fanOutMs: number;
  firstAudioSentAt?: number;
  error?: string;
}

/** The stage: `repetitions` (+1 warm-up) utterances through translateUtterance, fan-out timed per utterance. */
async function stageFanOut(
  listenerCount: number,
  repetitions: number,
  text: string,
): Promise<{
  msToLast: number[];
  serverMs: number[];
  frames: string[];
  concurrency: string;
  postsPerListener: number[];
}> {
  const stage = await startStage({
    ports: await freePorts(),
    logDir: join(tmpdir(), `lingocast-fanout-bench-${process.pid}`),
    env: {
      MAX_LISTENERS_PER_SESSION: String(Math.max(500, listenerCount)),
      // Every socket comes from 127.0.0.1: the per-IP limits would refuse the bench, not measure it.
      RATE_LIMIT_LISTENER_JOINS: '100000/60',
      RATE_LIMIT_CONNECTION_ATTEMPTS: '100000/60',
      // FAN_OUT_CONCURRENCY=n npx nx run bench:fanout tries another cap on parallel posts.
      ...(process.env[ENV.fanOutConcurrency]
        ? { [ENV.fanOutConcurrency]: process.env[ENV.fanOutConcurrency] }
        : {}),
    },
  });
  stopOnInterrupt(stage);
  const listeners: Listener[] = [];
  try {
    const { endpoints } = stage;
    const token = (await requestToken(endpoints.tokenUrl, 'fanout-bench-speaker')).idToken;
    const created = await fetch(`${endpoints.httpApi}/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ sourceLanguage: 'en' }),
      signal: AbortSignal.timeout(PHASE_TIMEOUT_MS),
    });
    const { sessionId } = (await created.json()) as { sessionId: string };
    const url = `${endpoints.websocket}?sessionId=${sessionId}&targetLanguage=es`;
    const joined = await bounded(listenerCount, 50, (i) => joinListener(url, i === 0));
    listeners.push(...joined);
    console.log(`stage: ${listeners.length} listeners joined session ${sessionId} (es)`);

    const lambda = new LambdaClient({
      region: endpoints.region,
      endpoint: endpoints.lambda.translationPipeline,
      credentials: LOCAL_CREDENTIALS,
    });
    const msToLast: number[] = [];
    const serverMs: number[] = [];
    for (let sequence = 0; sequence <= repetitions; sequence += 1) {
      const now = Date.now();
      const event: UtteranceTranscribedEvent = {
        kind: 'utteranceTranscribed',
        sessionId,
        sequenceNumber: sequence,
        sourceLanguage: 'en',
        text,
        emotion: {
          volume: { level: 'medium', rmsDb: -18 },
          rate: { level: 'medium', wordsPerMinute: 150 },
        },
        durationMs: 4000,
        timings: { lastChunkReceivedAt: now, assembledAt: now, transcribedAt: now },
        requestId: `fanout-bench-${sequence}`,
      };
      const answer = await withTimeout(
        lambda.send(
          new InvokeCommand({
            FunctionName: functionName('translation-pipeline', LOCAL_STAGE, 'translateUtterance'),
            InvocationType: 'RequestResponse',
            Payload: Buffer.from(JSON.stringify(event)),
          }),
        ),
        PHASE_TIMEOUT_MS,
        'translateUtterance',
      );
      const report = JSON.parse(Buffer.from(answer.Payload ?? []).toString('utf8')) as {
        languages?: LanguageReport[];
      };
      const language = report.languages?.[0];
      if (!language?.ok || language.firstAudioSentAt === undefined) {
        throw new Error(`translateUtterance did not deliver: ${JSON.stringify(report).slice(0, 500)}`);
      }
      const last = await lastCompletion(listeners, sequence);
      if (sequence === 0) continue; // warm-up: first posts open the management API's connections
      msToLast.push(last - language.firstAudioSentAt);
      serverMs.push(language.fanOutMs);
      // A caption sent apart would come after the audio at most by the fan-out's own time: let it land.
      await sleep(50);
    }
    lambda.destroy();
    return {
      msToLast,
      serverMs,
      frames: listeners[0]?.frames.get(1) ?? [],
      concurrency: process.env[ENV.fanOutConcurrency] ?? '64 (default)',
      postsPerListener: listeners.flatMap((l) =>
        Array.from({ length: repetitions }, (_, i) => l.posts.get(i + 1) ?? 0),
      ),
    };
  } finally {
    await closeAll(listeners.map((l) => l.socket));
    await stage.stop();
  }
}

/** A bare `ws` server broadcasting `frames` (each a text frame) to `clientCount` clients, `repetitions` times. */
async function bareBroadcast(
  clientCount: number,
  repetitions: number,
  frames: readonly string[],
): Promise<number[]> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const clients: Array<{ socket: WebSocket; completedAt: Map<number, number> }> = [];
  try {
    await bounded(clientCount, 50, async () => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}`);
      const client = { socket, completedAt: new Map<number, number>() };
      let received = 0;
      socket.on('message', () => {
        received += 1;
        if (received % frames.length === 0) client.completedAt.set(received / frames.length - 1, Date.now());
      });
      await withTimeout(
        new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        }),
        PHASE_TIMEOUT_MS,
        'bare ws connect',
      );
      clients.push(client);
    });
    while (server.clients.size < clientCount) await sleep(5);
    const times: number[] = [];
    for (let round = 0; round <= repetitions; round += 1) {
      const started = Date.now();
      for (const socket of server.clients) for (const frame of frames) socket.send(frame);
      const deadline = started + PHASE_TIMEOUT_MS;
      while (clients.some((c) => !c.completedAt.has(round))) {
        if (Date.now() > deadline) throw new Error(`bare ws round ${round}: clients incomplete`);
        await sleep(1);
      }
      if (round > 0) times.push(Math.max(...clients.map((c) => c.completedAt.get(round) ?? 0)) - started);
    }
    return times;
  } finally {
    await closeAll(clients.map((c) => c.socket));
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function utteranceLabel(utterance: string): string {
  return utterance === 'short' ? 'short: about 3 s of speech' : 'long: about 8 s of speech';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      listeners: { type: 'string', default: '500' },
      repetitions: { type: 'string', default: '7' },
      utterance: { type: 'string', default: 'long' },
    },
  });
  const text = TEXTS[values.utterance];
  if (text === undefined) throw new Error(`--utterance must be one of ${Object.keys(TEXTS).join(', ')}`);
  const listenerCount = Number(values.listeners);
  const repetitions = Number(values.repetitions);
  console.log(`machine: ${machineLine()}`);
  console.log(`date: ${new Date().toISOString()}; load average at start: ${loadAverage()}`);

  const stage = await stageFanOut(listenerCount, repetitions, text);
  const bytes = stage.frames.reduce((sum, frame) => sum + Buffer.byteLength(frame), 0);
  console.log(
    `frames per listener: ${stage.frames.length} (${stage.frames.map((f) => Buffer.byteLength(f)).join(' + ')} = ${bytes} bytes)`,
  );
  // Before the caption rode in the audio, every listener got it apart, then the same audio parts.
  const postsBefore = 1 + stage.frames.length;
  const posts = stage.postsPerListener;
  console.log(
    `@connections posts per listener per utterance (${utteranceLabel(values.utterance)}): ` +
      `before ${postsBefore} (a caption + ${stage.frames.length} audio part(s)), ` +
      `now ${Math.min(...posts)}–${Math.max(...posts)} over ${posts.length} listener-utterances`,
  );
  const bare = await bareBroadcast(listenerCount, repetitions, stage.frames);

  console.log(
    `\nFan-out of one utterance to ${listenerCount} listeners, ${repetitions} repetitions (+1 warm-up), loopback`,
  );
  console.log(
    `stage (serverless-offline, management API posts, fan-out concurrency ${stage.concurrency}), fan-out start → last listener has every frame, ms: ${summary(stage.msToLast)}`,
  );
  console.log(
    `  translation-pipeline's own fan-out time (all posts answered), ms: ${summary(stage.serverMs)}`,
  );
  console.log(`bare ws broadcast of the same frames to ${listenerCount} ws clients, ms: ${summary(bare)}`);
  const ratio = (q: number) => (quantile(stage.msToLast, q) / Math.max(1, quantile(bare, q))).toFixed(1);
  console.log(`ratio stage / bare ws: p50 ${ratio(0.5)}×, p95 ${ratio(0.95)}×`);
  console.log(`load average at end: ${loadAverage()}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
