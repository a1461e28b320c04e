import type { ErrorMessage, Session } from '@lingocast/contract';
import type { Footprint } from './support/own-stage';
import { StageTables } from './support/own-stage';
import {
  RecordingSocket,
  createSessionOverHttp,
  endpoints,
  refusedStatus,
  requestMintedToken,
  speakerToken,
} from './support/stage';

// Every bad input a client can send — over the WebSocket, at `$connect` and over HTTP — is answered
// with its code, and leaves every stored row of the session, its speaker and its connections as it
// was: the session, its connections, its audio, and the per-user and per-connection rate-limit windows.

/** 10 ms of silence, 16 kHz PCM16. */
const SILENCE = Buffer.alloc(320).toString('base64');

let tables: StageTables;
let session: Session;
let ended: Session;
let speaker: RecordingSocket;
let listener: RecordingSocket;
let token: string;
let otherToken: string;
let speakerConnectionId: string;
let listenerConnectionId: string;

async function connectionIdOf(socket: RecordingSocket): Promise<string> {
  const greeting = await socket.waitFor((m) => m.type === 'sessionJoined');
  return (greeting as { connectionId: string }).connectionId;
}

function footprint(): Promise<Footprint> {
  return tables.footprint({
    sessionId: session.sessionId,
    speakerId: session.speakerId,
    connectionIds: [speakerConnectionId, listenerConnectionId],
  });
}

/** Runs `act` and checks that nothing of the session's footprint changed. */
async function expectNothingChanged(act: () => Promise<void>): Promise<void> {
  const before = await footprint();
  await act();
  expect(await footprint()).toEqual(before);
}

function http(method: string, path: string, body?: unknown, bearer?: string) {
  return fetch(`${endpoints().httpApi}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

beforeAll(async () => {
  tables = new StageTables({ endpoints: endpoints() });
  token = await speakerToken(`bad-input-speaker-${process.pid}`);
  otherToken = await speakerToken(`bad-input-intruder-${process.pid}`);
  session = (await createSessionOverHttp(token, { sourceLanguage: 'en' })).body as Session;
  ended = (await createSessionOverHttp(token, { sourceLanguage: 'en' })).body as Session;
  expect((await http('DELETE', `/sessions/${ended.sessionId}`, undefined, token)).status).toBe(204);
  speaker = await RecordingSocket.open({ sessionId: session.sessionId, token });
  listener = await RecordingSocket.open({ sessionId: session.sessionId, targetLanguage: 'es' });
  speakerConnectionId = await connectionIdOf(speaker);
  listenerConnectionId = await connectionIdOf(listener);
  // Something in every part of the footprint, so "unchanged" is a claim about real rows: a stored
  // chunk and stream cursor, and a window of each per-user and per-connection limit.
  speaker.send({ action: 'sendAudio', sequenceNumber: 0, audio: SILENCE, requestId: 'setup-chunk' });
  await speaker.waitFor((m) => m.type === 'audioAck' && m.requestId === 'setup-chunk');
  for (const socket of [speaker, listener]) {
    socket.send({ action: 'heartbeat', requestId: 'setup-heartbeat' });
    await socket.waitFor((m) => m.type === 'heartbeatAck' && m.requestId === 'setup-heartbeat');
  }
}, 60_000);

afterAll(async () => {
  await speaker?.close();
  await listener?.close();
  tables?.close();
});

describe('bad input over the WebSocket is answered with its code and changes nothing', () => {
  const speakerMessages: Array<{ name: string; message: () => string | Buffer | object; code: string }> = [
    { name: 'malformed JSON', code: 'INVALID_MESSAGE', message: () => '{"action": "heartbeat"' },
    { name: 'JSON that is not an object', code: 'INVALID_MESSAGE', message: () => '[1, 2, 3]' },
    { name: 'a binary frame', code: 'INVALID_MESSAGE', message: () => Buffer.from([0x7b, 0x00, 0xff]) },
    {
      name: 'an unknown action',
      code: 'INVALID_ACTION',
      message: () => ({ action: 'danceParty', requestId: 'r-unknown' }),
    },
    {
      name: 'a missing field',
      code: 'INVALID_PARAMETERS',
      message: () => ({ action: 'setVolume', requestId: 'r-missing' }),
    },
    {
      name: 'an out-of-range volume',
      code: 'INVALID_PARAMETERS',
      message: () => ({ action: 'setVolume', volume: 7 }),
    },
    {
      name: 'a control message over 4 KB',
      code: 'MESSAGE_TOO_LARGE',
      message: () => ({ action: 'heartbeat', padding: 'x'.repeat(5000) }),
    },
    {
      name: 'an audio chunk over 32 KB',
      code: 'MESSAGE_TOO_LARGE',
      message: () => ({
        action: 'sendAudio',
        sequenceNumber: 1,
        audio: Buffer.alloc(30_000).toString('base64'),
      }),
    },
    {
      name: 'a message over 128 KB',
      code: 'MESSAGE_TOO_LARGE',
      message: () => ({ action: 'sendAudio', sequenceNumber: 1, audio: 'A'.repeat(140_000) }),
    },
    {
      name: 'a negative sequence number',
      code: 'INVALID_PARAMETERS',
      message: () => ({ action: 'sendAudio', sequenceNumber: -1, audio: SILENCE }),
    },
    {
      name: 'audio that is not base64',
      code: 'INVALID_PARAMETERS',
      message: () => ({ action: 'sendAudio', sequenceNumber: 1, audio: '%%%' }),
    },
    {
      name: 'PCM16 audio with an odd number of bytes',
      code: 'INVALID_PARAMETERS',
      message: () => ({ action: 'sendAudio', sequenceNumber: 1, audio: 'AAAA' }),
    },
    {
      name: 'a session in a language no engine serves',
      code: 'UNSUPPORTED_LANGUAGE',
      message: () => ({ action: 'createSession', sourceLanguage: 'tl' }),
    },
    {
      name: 'a listener action from the speaker',
      code: 'UNAUTHORIZED_ACTION',
      message: () => ({ action: 'changeLanguage', targetLanguage: 'ca' }),
    },
  ];

  it.each(speakerMessages)('answers $name from the speaker with $code', async ({ name, message, code }) => {
    await expectNothingChanged(async () => {
      const before = speaker.messages.length;
      const raw = message();
      speaker.socket.send(
        typeof raw === 'string' || Buffer.isBuffer(raw)
          ? raw
          : JSON.stringify({ requestId: `r-${name}`, ...raw }),
      );
      const error = await speaker.waitFor<ErrorMessage>(
        (m) => m.type === 'error' && speaker.messages.indexOf(m) >= before,
      );
      expect(error.code).toBe(code);
      expect(error.message.length).toBeGreaterThan(5);
      expect(error.requestId.length).toBeGreaterThan(0);
    });
  });

  const listenerMessages: Array<{ name: string; message: object; code: string }> = [
    { name: 'a speaker action', code: 'UNAUTHORIZED_ACTION', message: { action: 'pauseBroadcast' } },
    {
      name: 'audio',
      code: 'UNAUTHORIZED_ACTION',
      message: { action: 'sendAudio', sequenceNumber: 5, audio: SILENCE },
    },
    { name: 'the end of the session', code: 'UNAUTHORIZED_ACTION', message: { action: 'endSession' } },
    {
      name: 'a language no engine serves',
      code: 'UNSUPPORTED_LANGUAGE',
      message: { action: 'changeLanguage', targetLanguage: 'xx' },
    },
  ];

  it.each(listenerMessages)('answers $name from a listener with $code', async ({ name, message, code }) => {
    await expectNothingChanged(async () => {
      const requestId = `r-listener-${name}`;
      listener.send({ ...message, requestId });
      const error = await listener.waitFor<ErrorMessage>(
        (m) => m.type === 'error' && m.requestId === requestId,
      );
      expect(error.code).toBe(code);
    });
  });

  it("refuses a listener taking over the speaker's connection by naming it in refreshConnection", async () => {
    await expectNothingChanged(async () => {
      listener.send({
        action: 'refreshConnection',
        previousConnectionId: speakerConnectionId,
        requestId: 'r-steal',
      });
      const error = await listener.waitFor<ErrorMessage>(
        (m) => m.type === 'error' && m.requestId === 'r-steal',
      );
      expect(error.code).toBe('FORBIDDEN');
    });
  });
});

describe('a bad $connect is refused and changes nothing', () => {
  it.each([
    {
      name: 'a session that does not exist',
      status: 404,
      query: () => ({ sessionId: 'lonely-ghost-123', targetLanguage: 'es' }),
    },
    {
      name: 'a language no engine serves',
      status: 400,
      query: () => ({ sessionId: session.sessionId, targetLanguage: 'xx' }),
    },
    { name: 'no language', status: 400, query: () => ({ sessionId: session.sessionId }) },
    // sessionId is the authorizer's identity source: API Gateway answers 401 before any code runs.
    { name: 'no session', status: 401, query: () => ({ targetLanguage: 'es' }) },
    {
      name: 'a session that has ended',
      status: 410,
      query: () => ({ sessionId: ended.sessionId, targetLanguage: 'es' }),
    },
  ])('refuses a listener for $name with $status', async ({ query, status }) => {
    await expectNothingChanged(async () => {
      expect(await refusedStatus(query())).toBe(status);
    });
  });

  it.each([
    ['forged', { signWithForeignKey: true }],
    ['expired', { expiresInSeconds: -60 }],
    ['wrong-audience', { overrides: { aud: 'someone-else' } }],
    ['wrong-issuer', { overrides: { iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_other' } }],
  ])('refuses a speaker with a %s token instead of treating it as a listener', async (_name, mint) => {
    const bad = await requestMintedToken(endpoints().tokenIssuer, {
      username: `bad-input-speaker-${process.pid}`,
      ...mint,
    });
    await expectNothingChanged(async () => {
      const status = await refusedStatus({ sessionId: session.sessionId, token: bad, targetLanguage: 'es' });
      expect([401, 403]).toContain(status);
    });
  });

  it("refuses another user's token for this session's speaker", async () => {
    await expectNothingChanged(async () => {
      expect(await refusedStatus({ sessionId: session.sessionId, token: otherToken })).toBe(403);
    });
  });
});

describe('bad input over HTTP is answered with its status and code and changes nothing', () => {
  it.each([
    {
      name: 'no token',
      status: 401,
      code: 'UNAUTHORIZED',
      request: () => http('POST', '/sessions', { sourceLanguage: 'en' }),
    },
    {
      name: 'malformed JSON',
      status: 400,
      code: 'INVALID_MESSAGE',
      request: () => http('POST', '/sessions', '{not json', token),
    },
    {
      name: 'an unsupported language',
      status: 400,
      code: 'UNSUPPORTED_LANGUAGE',
      request: () => http('POST', '/sessions', { sourceLanguage: 'tl' }, token),
    },
    {
      name: 'an unknown quality tier',
      status: 400,
      code: 'INVALID_PARAMETERS',
      request: () => http('POST', '/sessions', { sourceLanguage: 'en', qualityTier: 'golden' }, token),
    },
    {
      name: "another user's update",
      status: 403,
      code: 'FORBIDDEN',
      request: () => http('PATCH', `/sessions/${session.sessionId}`, { status: 'paused' }, otherToken),
    },
    {
      name: 'an update to an unknown status',
      status: 400,
      code: 'INVALID_PARAMETERS',
      request: () => http('PATCH', `/sessions/${session.sessionId}`, { status: 'asleep' }, token),
    },
    {
      name: 'an update of a session that does not exist',
      status: 404,
      code: 'SESSION_NOT_FOUND',
      request: () => http('PATCH', '/sessions/lonely-ghost-123', { status: 'paused' }, token),
    },
    {
      name: "another user's delete",
      status: 403,
      code: 'FORBIDDEN',
      request: () => http('DELETE', `/sessions/${session.sessionId}`, undefined, otherToken),
    },
    {
      name: 'a session that does not exist',
      status: 404,
      code: 'SESSION_NOT_FOUND',
      request: () => http('GET', '/sessions/lonely-ghost-123'),
    },
  ])('answers $name with $status $code', async ({ request, status, code }) => {
    await expectNothingChanged(async () => {
      const response = await request();
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ error: { code } });
    });
  });

  it('still answers 200 for health and the session as it was', async () => {
    expect((await http('GET', '/health')).status).toBe(200);
    const stored = (await (await http('GET', `/sessions/${session.sessionId}`)).json()) as Session;
    expect(stored).toMatchObject({ status: 'active', listenerCount: 1 });
    expect(stored.broadcastState.paused).toBe(false);
  });
});
