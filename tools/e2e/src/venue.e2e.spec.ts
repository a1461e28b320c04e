import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join as joinPath } from 'node:path';
import type { Session, SessionJoinedMessage, SessionStatusMessage } from '@lingocast/contract';
import type { RunningStage } from '@lingocast/stage';
import { freePorts, startStage } from '@lingocast/stage';
import { ConnectionRefused, RecordingSocket, refusedStatus } from './support/stage';

// A venue: its whole audience behind one public address. On a stage of this file's own with the
// DEFAULT limits (no RATE_LIMIT_* set), where every socket comes from 127.0.0.1 — as every phone on
// one Wi-Fi comes from the venue's one address on AWS. Also the identity-source check the local
// stage does in API Gateway's place (a `$connect` without `sessionId` is refused before the authorizer).

const AUDIENCE = 500;
/** Phones arriving: this many handshakes in flight at once, as people walk in (tools/bench joins 20 at a time). */
const ARRIVING_AT_ONCE = 25;
/** The venue's promise: the whole audience in within this. */
const JOIN_WITHIN_MS = 30_000;

let stage: RunningStage;
const sockets: RecordingSocket[] = [];

beforeAll(async () => {
  const endpointsFile = process.env['LINGOCAST_E2E_ENDPOINTS'];
  if (!endpointsFile) throw new Error('LINGOCAST_E2E_ENDPOINTS is not set: run the tests through jest');
  const logDir = joinPath(dirname(endpointsFile), 'venue');
  mkdirSync(logDir, { recursive: true });
  // session-management alone: joining needs nothing else. No env: the default limits.
  stage = await startStage({
    ports: await freePorts(),
    apps: ['session-management'],
    logDir,
    logLevel: 'info',
    env: {},
    onProgress: (line) => process.stdout.write(`[venue] ${line}\n`),
  });
}, 120_000);

afterAll(async () => {
  await Promise.all(sockets.map((socket) => socket.close()));
  await stage?.stop();
}, 60_000);

async function createSession(token: string): Promise<Session> {
  const response = await fetch(`${stage.endpoints.httpApi}/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ sourceLanguage: 'en' }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Session;
}

/** One listener: joined (its greeting), refused at the handshake (its status), or told why on the socket. */
async function join(sessionId: string, targetLanguage: string): Promise<'joined' | string> {
  let socket: RecordingSocket;
  try {
    socket = await RecordingSocket.open({ sessionId, targetLanguage }, stage.endpoints.websocket);
  } catch (error) {
    if (error instanceof ConnectionRefused) return `refused ${error.status}`;
    throw error;
  }
  sockets.push(socket);
  const first = await socket.waitFor((m) => m.type === 'sessionJoined' || m.type === 'error', 60_000);
  return first.type === 'sessionJoined' ? 'joined' : `error ${(first as { code: string }).code}`;
}

describe(`a venue: ${AUDIENCE} listeners behind one address, the default limits`, () => {
  it('refuses a $connect without sessionId with 401 before the authorizer runs, as API Gateway does', async () => {
    // Act
    const withoutSessionId = await refusedStatus({ targetLanguage: 'es' }, stage.endpoints.websocket);
    const emptySessionId = await refusedStatus(
      { sessionId: '', targetLanguage: 'es' },
      stage.endpoints.websocket,
    );

    // Assess: $connect itself would have answered 400 INVALID_PARAMETERS.
    expect([withoutSessionId, emptySessionId]).toEqual([401, 401]);
  });

  it(`lets ${AUDIENCE} listeners from one address join one session within 30 s, none refused, counted exactly`, async () => {
    // Prepare
    const token = (await stage.tokens.issueToken(`venue-speaker-${process.pid}`)).idToken;
    const session = await createSession(token);
    const speaker = await RecordingSocket.open(
      { sessionId: session.sessionId, token },
      stage.endpoints.websocket,
    );
    sockets.push(speaker);
    await speaker.waitFor((m) => m.type === 'sessionJoined');
    const started = Date.now();

    // Act: the whole hall, ARRIVING_AT_ONCE at a time, half in Spanish, half in Catalan.
    const outcomes: string[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: ARRIVING_AT_ONCE }, async () => {
        while (next < AUDIENCE) {
          const i = next;
          next += 1;
          outcomes.push(await join(session.sessionId, i % 2 === 0 ? 'es' : 'ca'));
        }
      }),
    );
    const tookMs = Date.now() - started;
    process.stdout.write(
      `[venue] ${AUDIENCE} listeners joined in ${(tookMs / 1000).toFixed(1)} s; ` +
        `load average ${loadavg()
          .map((load) => load.toFixed(2))
          .join(' ')}\n`,
    );

    // Assess
    expect(outcomes).toHaveLength(AUDIENCE);
    const notJoined = outcomes.filter((outcome) => outcome !== 'joined');
    expect(notJoined).toEqual([]);
    const stored = (await (
      await fetch(`${stage.endpoints.httpApi}/sessions/${session.sessionId}`)
    ).json()) as Session;
    expect(stored.listenerCount).toBe(AUDIENCE);
    speaker.send({ action: 'getSessionStatus', requestId: 'venue-status' });
    const status = await speaker.waitFor<SessionStatusMessage>(
      (m) => m.type === 'sessionStatus' && m.requestId === 'venue-status',
    );
    expect(status.listenerCount).toBe(AUDIENCE);
    expect(status.languageDistribution).toEqual({ es: AUDIENCE / 2, ca: AUDIENCE / 2 });
    const greeted = sockets
      .slice(1)
      .map((socket) => socket.messages.find((m): m is SessionJoinedMessage => m.type === 'sessionJoined'));
    expect(new Set(greeted.map((greeting) => greeting?.connectionId)).size).toBe(AUDIENCE);
    // Last, so a slow machine still reports the counts (an idle 2-core machine joins 500 in ≈ 10 s).
    expect(tookMs).toBeLessThan(JOIN_WITHIN_MS);
  }, 120_000);
});
