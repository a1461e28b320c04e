import type { Session, SessionJoinedMessage } from '@lingocast/contract';
import { StageTables } from './support/own-stage';
import {
  RecordingSocket,
  createSessionOverHttp,
  endpoints,
  refusedStatus,
  speakerToken,
  until,
} from './support/stage';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function sessionRow(sessionId: string): Promise<Session> {
  const response = await fetch(`${endpoints().httpApi}/sessions/${sessionId}`);
  return (await response.json()) as Session;
}

async function sweep(): Promise<Record<string, number>> {
  const response = await fetch(`${endpoints().httpApi}/local/sweep`, { method: 'POST' });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, number>;
}

async function newSession(token: string): Promise<Session> {
  const created = await createSessionOverHttp(token, { sourceLanguage: 'en' });
  expect(created.status).toBe(201);
  return created.body as Session;
}

async function joined(socket: RecordingSocket): Promise<SessionJoinedMessage> {
  return socket.waitFor<SessionJoinedMessage>((m) => m.type === 'sessionJoined');
}

function closed(socket: RecordingSocket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.socket.readyState === socket.socket.CLOSED) return resolve();
    socket.socket.once('close', () => resolve());
  });
}

// Rate limits at their boundary: rate-limits.e2e.spec.ts (a stage of its own, with small limits).

describe('connection refresh at $connect', () => {
  it('swaps the speaker to its new connection and closes the old one', async () => {
    const token = await speakerToken();
    const session = await newSession(token);
    const old = await RecordingSocket.open({ sessionId: session.sessionId, token });
    const oldId = (await joined(old)).connectionId;

    const fresh = await RecordingSocket.open({
      sessionId: session.sessionId,
      token,
      previousConnectionId: oldId,
    });
    const greeting = await joined(fresh);
    await fresh.waitFor((m) => m.type === 'connectionRefreshComplete');
    await closed(old);

    expect(greeting.role).toBe('speaker');
    fresh.send({ action: 'pauseBroadcast', requestId: 'after-refresh' });
    await fresh.waitFor((m) => m.type === 'broadcastPaused' && m.requestId === 'after-refresh');
    await fresh.close();
  });

  it('refuses another user taking over the speaker connection', async () => {
    const token = await speakerToken();
    const session = await newSession(token);
    const owner = await RecordingSocket.open({ sessionId: session.sessionId, token });
    const ownerId = (await joined(owner)).connectionId;

    const status = await refusedStatus({
      sessionId: session.sessionId,
      token: await speakerToken(),
      previousConnectionId: ownerId,
    });

    expect(status).toBe(403);
    await owner.close();
  });

  it('moves a listener to its new connection without changing the count', async () => {
    const session = await newSession(await speakerToken());
    const old = await RecordingSocket.open({ sessionId: session.sessionId, targetLanguage: 'fr' });
    const oldId = (await joined(old)).connectionId;
    expect((await sessionRow(session.sessionId)).listenerCount).toBe(1);

    const fresh = await RecordingSocket.open({ sessionId: session.sessionId, previousConnectionId: oldId });
    const greeting = await joined(fresh);
    await closed(old);
    await sleep(300);

    expect(greeting.targetLanguage).toBe('fr');
    expect((await sessionRow(session.sessionId)).listenerCount).toBe(1);
    await fresh.close();
  });
});

describe('the sweeper (POST /local/sweep on the local stage)', () => {
  it('asks an old connection to refresh once, warns it once, and closes it once idle', async () => {
    const session = await newSession(await speakerToken());
    const listener = await RecordingSocket.open({ sessionId: session.sessionId, targetLanguage: 'es' });
    await joined(listener);

    await sleep(3_200);
    listener.send({ action: 'heartbeat', requestId: 'keep-1' });
    await listener.waitFor((m) => m.type === 'heartbeatAck' && m.requestId === 'keep-1');
    await sweep();
    await listener.waitFor((m) => m.type === 'connectionRefreshRequired');

    await sleep(3_000);
    listener.send({ action: 'heartbeat', requestId: 'keep-2' });
    await listener.waitFor((m) => m.type === 'heartbeatAck' && m.requestId === 'keep-2');
    await sweep();
    await listener.waitFor((m) => m.type === 'connectionWarning');
    // Each notice is recorded on the connection row: a later sweep does not send it again
    // (the next warning is due only after CONNECTION_WARNING_INTERVAL_SECONDS, 300 s here).
    await sweep();

    await sleep(5_200);
    const report = await sweep();
    await listener.waitFor((m) => m.type === 'connectionTimeout');
    await closed(listener);

    expect(listener.messages.filter((m) => m.type === 'connectionRefreshRequired')).toHaveLength(1);
    expect(listener.messages.filter((m) => m.type === 'connectionWarning')).toHaveLength(1);
    expect(report['closedIdle']).toBeGreaterThanOrEqual(1);
    expect((await sessionRow(session.sessionId)).listenerCount).toBe(0);
  });

  it('ends a session whose speaker has been gone longer than the grace period', async () => {
    const token = await speakerToken();
    const session = await newSession(token);
    const speaker = await RecordingSocket.open({ sessionId: session.sessionId, token });
    await joined(speaker);
    const listener = await RecordingSocket.open({ sessionId: session.sessionId, targetLanguage: 'es' });
    await joined(listener);
    await speaker.close();

    await sleep(2_300);
    listener.send({ action: 'heartbeat', requestId: 'still-here' });
    await listener.waitFor((m) => m.type === 'heartbeatAck' && m.requestId === 'still-here');
    await sweep();

    const ended = await listener.waitFor((m) => m.type === 'sessionEnded');
    expect(ended).toMatchObject({ reason: 'the speaker left' });
    expect((await sessionRow(session.sessionId)).status).toBe('ended');
    await closed(listener);
  });
});

describe("the owner's HTTP API drives the broadcast of everyone connected", () => {
  it('pauses and resumes for every listener with PATCH, then ends the session for everyone with DELETE', async () => {
    const token = await speakerToken();
    const session = await newSession(token);
    const speaker = await RecordingSocket.open({ sessionId: session.sessionId, token });
    await joined(speaker);
    const listeners = await Promise.all(
      ['es', 'ca'].map((targetLanguage) =>
        RecordingSocket.open({ sessionId: session.sessionId, targetLanguage }),
      ),
    );
    await Promise.all(listeners.map(joined));
    const tables = new StageTables({ endpoints: endpoints() });
    const patch = (status: string) =>
      fetch(`${endpoints().httpApi}/sessions/${session.sessionId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ status }),
      });

    try {
      const paused = await patch('paused');
      expect(paused.status).toBe(200);
      expect(await paused.json()).toMatchObject({ status: 'paused', broadcastState: { paused: true } });
      await Promise.all(listeners.map((l) => l.waitFor((m) => m.type === 'broadcastPaused')));
      speaker.send({
        action: 'sendAudio',
        sequenceNumber: 0,
        audio: 'AAAA'.repeat(80),
        requestId: 'while-paused',
      });
      const refused = await speaker.waitFor((m) => m.type === 'error' && m.requestId === 'while-paused');
      expect(refused).toMatchObject({ code: 'SESSION_NOT_ACTIVE' });

      const resumed = await patch('active');
      expect(resumed.status).toBe(200);
      await Promise.all(listeners.map((l) => l.waitFor((m) => m.type === 'broadcastResumed')));

      const deleted = await fetch(`${endpoints().httpApi}/sessions/${session.sessionId}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${token}` },
      });
      expect(deleted.status).toBe(204);
      for (const listener of listeners) {
        await expect(listener.waitFor((m) => m.type === 'sessionEnded')).resolves.toMatchObject({
          sessionId: session.sessionId,
        });
        await closed(listener);
      }
      await closed(speaker);
      // Each closed socket's $disconnect runs after the close reaches the client: wait for the last.
      await until(
        async () => (await tables.connections(session.sessionId)).length === 0,
        'every connection row to be removed',
        10_000,
      );
      expect(await sessionRow(session.sessionId)).toMatchObject({ status: 'ended', listenerCount: 0 });
      expect(await refusedStatus({ sessionId: session.sessionId, targetLanguage: 'es' })).toBe(410);
    } finally {
      tables.close();
      await Promise.all([speaker, ...listeners].map((socket) => socket.close()));
    }
  });
});
