import type { ErrorMessage, Session } from '@lingocast/contract';
import {
  RecordingSocket,
  createSessionOverHttp,
  endpoints,
  refusedStatus,
  requestMintedToken,
  speakerToken,
} from './support/stage';

async function sessionRow(sessionId: string): Promise<Session> {
  const response = await fetch(`${endpoints().httpApi}/sessions/${sessionId}`);
  return (await response.json()) as Session;
}

describe('bad input is answered with a clear error and changes nothing', () => {
  let session: Session;
  let speaker: RecordingSocket;
  let listener: RecordingSocket;
  let token: string;

  beforeAll(async () => {
    token = await speakerToken('bad-input-speaker');
    const created = await createSessionOverHttp(token, { sourceLanguage: 'en' });
    session = created.body as Session;
    speaker = await RecordingSocket.open({ sessionId: session.sessionId, token });
    listener = await RecordingSocket.open({ sessionId: session.sessionId, targetLanguage: 'es' });
    await listener.waitFor((m) => m.type === 'sessionJoined');
  });

  afterAll(async () => {
    await speaker?.close();
    await listener?.close();
  });

  const actions: Array<[string, () => unknown, string]> = [
    ['malformed JSON', () => '{"action": "heartbeat"', 'INVALID_MESSAGE'],
    ['an unknown action', () => ({ action: 'danceParty', requestId: 'r-unknown' }), 'INVALID_ACTION'],
    ['a missing field', () => ({ action: 'setVolume', requestId: 'r-missing' }), 'INVALID_PARAMETERS'],
    [
      'an out-of-range volume',
      () => ({ action: 'setVolume', volume: 7, requestId: 'r-range' }),
      'INVALID_PARAMETERS',
    ],
    [
      'an oversize control message',
      () => ({ action: 'heartbeat', requestId: 'r-big', padding: 'x'.repeat(5000) }),
      'MESSAGE_TOO_LARGE',
    ],
    [
      'odd-length PCM',
      () => ({ action: 'sendAudio', sequenceNumber: 0, audio: 'AAAA', requestId: 'r-odd' }),
      'INVALID_PARAMETERS',
    ],
  ];

  it.each(actions)('answers %s from the speaker with %p', async (_name, message, code) => {
    const before = speaker.messages.length;
    speaker.send(message());
    const error = await speaker.waitFor<ErrorMessage>(
      (m) => m.type === 'error' && speaker.messages.indexOf(m) >= before,
    );
    expect(error.code).toBe(code);
    expect(error.message.length).toBeGreaterThan(5);
    expect(error.requestId.length).toBeGreaterThan(0);
  });

  it('answers a listener sending a speaker action with UNAUTHORIZED_ACTION and leaves the session as it was', async () => {
    listener.send({ action: 'pauseBroadcast', requestId: 'r-role' });
    const error = await listener.waitFor<ErrorMessage>((m) => m.type === 'error' && m.requestId === 'r-role');
    expect(error.code).toBe('UNAUTHORIZED_ACTION');
    expect((await sessionRow(session.sessionId)).broadcastState.paused).toBe(false);
  });

  it('refuses a listener for a session that does not exist', async () => {
    await expect(refusedStatus({ sessionId: 'lonely-ghost-123', targetLanguage: 'es' })).resolves.toBe(404);
  });

  it('refuses a listener asking for a language the engines cannot serve, and does not count it', async () => {
    await expect(refusedStatus({ sessionId: session.sessionId, targetLanguage: 'xx' })).resolves.toBe(400);
    expect((await sessionRow(session.sessionId)).listenerCount).toBe(1);
  });

  it.each([
    ['forged', { username: 'bad-input-speaker', signWithForeignKey: true }],
    ['expired', { username: 'bad-input-speaker', expiresInSeconds: -60 }],
    ['wrong-audience', { username: 'bad-input-speaker', overrides: { aud: 'someone-else' } }],
  ])('refuses a speaker with a %s token instead of treating it as a listener', async (_name, mint) => {
    const bad = await requestMintedToken(endpoints().tokenIssuer, mint);
    const status = await refusedStatus({ sessionId: session.sessionId, token: bad, targetLanguage: 'es' });
    expect(status).toBeGreaterThanOrEqual(401);
    expect(status).toBeLessThan(500);
    expect((await sessionRow(session.sessionId)).listenerCount).toBe(1);
  });

  it('refuses to create a session without a token, or with an unsupported language', async () => {
    const anonymous = await createSessionOverHttp(undefined, { sourceLanguage: 'en' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const klingon = await createSessionOverHttp(token, { sourceLanguage: 'tl' });
    expect(klingon.status).toBe(400);
    expect(klingon.body).toMatchObject({ error: { code: 'UNSUPPORTED_LANGUAGE' } });
    const malformed = await createSessionOverHttp(token, '{not json');
    expect(malformed.body).toMatchObject({ error: { code: 'INVALID_MESSAGE' } });
  });

  it('answers 404 for an unknown session and 200 for health', async () => {
    const missing = await fetch(`${endpoints().httpApi}/sessions/lonely-ghost-123`);
    expect(missing.status).toBe(404);
    const health = await fetch(`${endpoints().httpApi}/health`);
    expect(health.status).toBe(200);
  });
});
