// session-management under load, on its own local stage (loopback): join latency while 500
// listeners join one session, 100 concurrent session creations, heartbeat acks with the 500
// listeners connected — steady (each listener at the client's 30-s interval, as in a real audience)
// and as a burst (100 at once). Prints figures; asserts nothing. Every phase is bounded in count and time.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { freePorts, requestToken, startStage } from '@lingocast/stage';
import { loadAverage, machineLine } from './machine';
import { summary } from './stats';
import { bounded, sleep, stopOnInterrupt, withTimeout } from './tasks';

const PHASE_TIMEOUT_MS = 20_000;

interface Listener {
  socket: WebSocket;
  /** Resolves with the first message of `type` (and requestId, if given) after the call. */
  next(type: string, requestId?: string): Promise<void>;
}

interface Joined {
  listener: Listener;
  /** new WebSocket (handshake sent) → `sessionJoined` received. */
  ms: number;
  /** new WebSocket → handshake accepted (the `$connect` handler's part). */
  handshakeMs: number;
}

/** Opens a listener socket; resolves once `sessionJoined` arrives, with the times. */
function joinListener(url: string): Promise<Joined> {
  const started = performance.now();
  const socket = new WebSocket(url);
  const waiters: Array<{ type: string; requestId?: string; resolve: () => void }> = [];
  const listener: Listener = {
    socket,
    next: (type, requestId) => new Promise<void>((resolve) => waiters.push({ type, requestId, resolve })),
  };
  socket.on('message', (data: Buffer) => {
    const message = JSON.parse(data.toString('utf8')) as { type?: string; requestId?: string };
    const index = waiters.findIndex(
      (w) => w.type === message.type && (w.requestId === undefined || w.requestId === message.requestId),
    );
    if (index >= 0) waiters.splice(index, 1)[0]?.resolve();
  });
  const joined = new Promise<Joined>((resolve, reject) => {
    let opened = 0;
    socket.once('open', () => {
      opened = performance.now();
    });
    listener.next('sessionJoined').then(
      () =>
        resolve({
          listener,
          ms: performance.now() - started,
          handshakeMs: (opened || performance.now()) - started,
        }),
      reject,
    );
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

/** Sends one heartbeat on `listener` and resolves with the ms until its ack (rejects after PHASE_TIMEOUT_MS). */
async function heartbeat(listener: Listener, requestId: string): Promise<number> {
  const t0 = performance.now();
  const acked = listener.next('heartbeatAck', requestId);
  listener.socket.send(JSON.stringify({ action: 'heartbeat', requestId }));
  await withTimeout(acked, PHASE_TIMEOUT_MS, 'heartbeat');
  return performance.now() - t0;
}

/**
 * Every listener heartbeats every `intervalMs` (first at a random point of the first interval, as
 * clients that joined at different times do) for `durationMs`; no heartbeat starts after that.
 * Resolves with the ack times, and how many got no ack within PHASE_TIMEOUT_MS.
 */
async function steadyHeartbeats(
  listeners: readonly Listener[],
  intervalMs: number,
  durationMs: number,
): Promise<{ acks: number[]; unanswered: number }> {
  const acks: number[] = [];
  let unanswered = 0;
  const end = performance.now() + durationMs;
  await Promise.all(
    listeners.map(async (listener, index) => {
      await sleep(Math.random() * intervalMs);
      for (let beat = 0; performance.now() < end; beat += 1) {
        const next = performance.now() + intervalMs;
        try {
          acks.push(await heartbeat(listener, `steady-${index}-${beat}`));
        } catch {
          unanswered += 1;
        }
        await sleep(Math.max(0, next - performance.now()));
      }
    }),
  );
  return { acks, unanswered };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      listeners: { type: 'string', default: '500' },
      concurrency: { type: 'string', default: '50' },
      creations: { type: 'string', default: '100' },
      heartbeats: { type: 'string', default: '100' },
      // The client library's default heartbeat period (libs/client, heartbeatIntervalMs).
      'heartbeat-interval-ms': { type: 'string', default: '30000' },
      'steady-seconds': { type: 'string', default: '90' },
    },
  });
  const listenerCount = Number(values.listeners);
  const concurrency = Number(values.concurrency);
  const creations = Number(values.creations);
  const heartbeats = Number(values.heartbeats);
  const heartbeatIntervalMs = Number(values['heartbeat-interval-ms']);
  const steadyMs = Number(values['steady-seconds']) * 1000;
  const load = loadAverage;

  console.log(`machine: ${machineLine()}`);
  console.log(`date: ${new Date().toISOString()}`);
  console.log(`load average before (1/5/15 min): ${load()}`);

  const started = Date.now();
  const stage = await startStage({
    ports: await freePorts(),
    // Joins, creations and heartbeats never leave session-management: the other apps would only take CPU.
    apps: ['session-management'],
    logDir: join(tmpdir(), `lingocast-session-bench-${process.pid}`),
    env: {
      MAX_LISTENERS_PER_SESSION: String(Math.max(500, listenerCount)),
      // Every socket comes from 127.0.0.1: the per-IP limits would refuse the bench, not measure it.
      RATE_LIMIT_LISTENER_JOINS: '100000/60',
      RATE_LIMIT_CONNECTION_ATTEMPTS: '100000/60',
    },
  });
  stopOnInterrupt(stage);
  console.log(`stage up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const listeners: Listener[] = [];
  try {
    const { endpoints } = stage;
    const createSession = async (token: string): Promise<{ ms: number; sessionId: string }> => {
      const t0 = performance.now();
      const response = await fetch(`${endpoints.httpApi}/sessions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ sourceLanguage: 'en' }),
        signal: AbortSignal.timeout(PHASE_TIMEOUT_MS),
      });
      const body = (await response.json()) as { sessionId?: string };
      const ms = performance.now() - t0;
      if (response.status !== 201 || !body.sessionId) {
        throw new Error(`POST /sessions answered ${response.status}`);
      }
      return { ms, sessionId: body.sessionId };
    };

    // Warm-up (module loads, first table accesses), not counted.
    const warmToken = (await requestToken(endpoints.tokenUrl, 'bench-warm-up')).idToken;
    const warm = await createSession(warmToken);
    const warmListener = await joinListener(
      `${endpoints.websocket}?sessionId=${warm.sessionId}&targetLanguage=es`,
    );
    listeners.push(warmListener.listener);

    // 1. 100 concurrent session creations, one user each (tokens fetched first, not timed).
    const tokens = await bounded(creations, 20, async (i) => {
      return (await requestToken(endpoints.tokenUrl, `bench-speaker-${process.pid}-${i}`)).idToken;
    });
    const creationsStarted = performance.now();
    const created = await Promise.all(tokens.map((token) => createSession(token)));
    const creationsWall = performance.now() - creationsStarted;

    // 2. 500 listeners join one session, `concurrency` at a time.
    const sessionId = created[0]?.sessionId ?? warm.sessionId;
    const languages = ['es', 'ca', 'fr', 'pt', 'it', 'gl'];
    const joinsStarted = performance.now();
    const joins = await bounded(listenerCount, concurrency, async (i) => {
      const joined = await joinListener(
        `${endpoints.websocket}?sessionId=${sessionId}&targetLanguage=${languages[i % languages.length] ?? 'es'}`,
      );
      listeners.push(joined.listener);
      return joined;
    });
    const joinsWall = performance.now() - joinsStarted;
    const stored = (await (await fetch(`${endpoints.httpApi}/sessions/${sessionId}`)).json()) as {
      listenerCount?: number;
    };

    // 3. Steady: every listener heartbeats at the client's interval, as a connected audience does
    //    (500 every 30 s ≈ 17 a second). At most 4 per listener in 90 s: under the 10/min limit.
    const sessionListeners = listeners.slice(1);
    const loadBeforeSteady = load();
    const steady = await steadyHeartbeats(sessionListeners, heartbeatIntervalMs, steadyMs);
    const loadAfterSteady = load();

    // 4. Burst: heartbeats spread over the connected listeners, all in flight at once (not what
    //    clients do: it measures the stage's queue, not a heartbeat).
    const heartbeatsStarted = performance.now();
    const acks = await Promise.all(
      Array.from({ length: heartbeats }, async (_, i) => {
        const listener = sessionListeners[(i * 5) % sessionListeners.length];
        if (!listener) throw new Error('no listener');
        return heartbeat(listener, `hb-${i}`);
      }),
    );
    const heartbeatsWall = performance.now() - heartbeatsStarted;

    // 5. For scale: 20 heartbeats one after the other (other listeners than in 4).
    const sequentialAcks: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const listener = sessionListeners[(i * 5 + 1) % sessionListeners.length];
      if (!listener) throw new Error('no listener');
      sequentialAcks.push(await heartbeat(listener, `hb-seq-${i}`));
    }

    const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`\nLocal stage, loopback, one machine (clients and stage share the CPUs)`);
    console.log(
      `session creation, ${creations} concurrent POST /sessions (distinct users), ms:  ${summary(created.map((c) => c.ms))}  wall ${seconds(creationsWall)}`,
    );
    console.log(`join, ${listenerCount} listeners into one session, ${concurrency} at a time, ms`);
    console.log(`  connect → sessionJoined: ${summary(joins.map((j) => j.ms))}  wall ${seconds(joinsWall)}`);
    console.log(
      `  connect → open (handshake, $connect handler): ${summary(joins.map((j) => j.handshakeMs))}`,
    );
    console.log(`  stored listenerCount after the joins: ${stored.listenerCount ?? '?'}`);
    console.log(
      `heartbeat → heartbeatAck, steady: ${sessionListeners.length} connected listeners each every ${heartbeatIntervalMs / 1000} s for ${steadyMs / 1000} s, ms:  ${summary(steady.acks)}  unanswered ${steady.unanswered}`,
    );
    console.log(`  load average before / after the steady phase: ${loadBeforeSteady} / ${loadAfterSteady}`);
    console.log(
      `heartbeat → heartbeatAck, burst: ${heartbeats} sent at once over ${sessionListeners.length} connected listeners, ms:  ${summary(acks)}  wall ${seconds(heartbeatsWall)}`,
    );
    console.log(`  one at a time, ms:  ${summary(sequentialAcks)}`);
    console.log(`load average after (1/5/15 min): ${load()}`);
  } finally {
    await Promise.all(
      listeners.map(
        (l) =>
          new Promise<void>((resolve) => {
            if (l.socket.readyState === WebSocket.CLOSED) return resolve();
            const timer = setTimeout(() => {
              l.socket.terminate();
              resolve();
            }, 5_000);
            l.socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            l.socket.close();
          }),
      ),
    );
    await stage.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
