import Ajv from 'ajv';
import { SERVER_MESSAGE_SCHEMAS, SERVER_MESSAGE_TYPES } from '@lingocast/contract';
import type { ServerMessageOf, ServerMessageType } from '@lingocast/contract';
import { parseServerMessage } from './server-messages';

// One message of every server → client type, as the services send them (typed: the compiler checks
// them against the contract's types too), and what the schema refuses.

const SESSION_ID = 'golden-eagle-427';
const STATE = { paused: false, muted: false, volume: 1 };
const AUDIO = Buffer.from(new Uint8Array(300)).toString('base64');

const EXAMPLES: { [T in ServerMessageType]: ServerMessageOf<T> } = {
  sessionCreated: {
    type: 'sessionCreated',
    timestamp: 1_760_000_000_000,
    requestId: 'r-1',
    session: {
      sessionId: SESSION_ID,
      speakerId: '3f9c2a44-5b1e-4c8e-9d2f-0a1b2c3d4e5f',
      sourceLanguage: 'en',
      qualityTier: 'standard',
      status: 'active',
      listenerCount: 0,
      broadcastState: STATE,
      createdAt: '2026-11-22T10:00:00.000Z',
      updatedAt: '2026-11-22T10:00:00.000Z',
      expiresAt: '2026-11-23T10:00:00.000Z',
      maxListeners: 500,
    },
  },
  sessionJoined: {
    type: 'sessionJoined',
    timestamp: 1,
    requestId: 'abc',
    sessionId: SESSION_ID,
    role: 'listener',
    connectionId: 'L0SM9cOFvHcCIhw=',
    sourceLanguage: 'en',
    targetLanguage: 'es',
    status: 'active',
    broadcastState: STATE,
    listenerCount: 3,
    captionsOnly: true,
    liveCaptions: true,
    lastSequenceNumber: 41,
  },
  heartbeatAck: { type: 'heartbeatAck', timestamp: 1, requestId: 'hb-1' },
  connectionWarning: { type: 'connectionWarning', timestamp: 1, remainingMinutes: 15 },
  connectionRefreshRequired: {
    type: 'connectionRefreshRequired',
    timestamp: 1,
    sessionId: SESSION_ID,
    role: 'speaker',
    connectionId: 'L0SM9cOFvHcCIhw=',
  },
  connectionRefreshComplete: {
    type: 'connectionRefreshComplete',
    timestamp: 1,
    requestId: 'refresh-1',
    sessionId: SESSION_ID,
    role: 'listener',
    connectionId: 'L0SNBe2QvHcCF0w=',
  },
  sessionEnded: { type: 'sessionEnded', timestamp: 1, sessionId: SESSION_ID, reason: 'the speaker left' },
  broadcastPaused: { type: 'broadcastPaused', timestamp: 1, sessionId: SESSION_ID },
  broadcastResumed: { type: 'broadcastResumed', timestamp: 1, sessionId: SESSION_ID, requestId: 'r-2' },
  broadcastMuted: { type: 'broadcastMuted', timestamp: 1, sessionId: SESSION_ID },
  broadcastUnmuted: { type: 'broadcastUnmuted', timestamp: 1, sessionId: SESSION_ID },
  volumeChanged: { type: 'volumeChanged', timestamp: 1, sessionId: SESSION_ID, volume: 0.35 },
  sessionStatus: {
    type: 'sessionStatus',
    timestamp: 1,
    requestId: 'r-3',
    sessionId: SESSION_ID,
    status: 'paused',
    listenerCount: 4,
    languageDistribution: { es: 3, ca: 1 },
    sessionDuration: 754,
    broadcastState: { paused: true, muted: true, volume: 0.5 },
  },
  languageChanged: {
    type: 'languageChanged',
    timestamp: 1,
    requestId: 'r-4',
    sessionId: SESSION_ID,
    targetLanguage: 'pt-BR',
  },
  captionsOnlyChanged: { type: 'captionsOnlyChanged', timestamp: 1, requestId: 'r-5', captionsOnly: true },
  liveCaptionsChanged: { type: 'liveCaptionsChanged', timestamp: 1, requestId: 'r-7', liveCaptions: true },
  transcriptPartial: {
    type: 'transcriptPartial',
    timestamp: 1,
    sessionId: SESSION_ID,
    sequenceNumber: 3,
    sourceLanguage: 'en',
    text: 'The church meets',
  },
  replayComplete: {
    type: 'replayComplete',
    timestamp: 1,
    requestId: 'r-6',
    sessionId: 'golden-eagle-427',
    targetLanguage: 'es',
    replayed: 3,
    lastSequenceNumber: 44,
    missed: { fromSequenceNumber: 38, toSequenceNumber: 41 },
    windowMs: 300_000,
  },
  audioAck: { type: 'audioAck', timestamp: 1, requestId: 'audio-7', sequenceNumber: 7 },
  translatedAudio: {
    type: 'translatedAudio',
    timestamp: 1,
    sessionId: SESSION_ID,
    targetLanguage: 'es',
    sequenceNumber: 2,
    part: 0,
    parts: 2,
    format: 'mp3',
    audio: AUDIO,
    durationMs: 2310,
    transcript: 'La iglesia se reúne cada domingo.',
    emotion: { volume: { level: 'medium', rmsDb: -17.2 }, rate: { level: 'fast', wordsPerMinute: 171 } },
  },
  transcript: {
    type: 'transcript',
    timestamp: 1,
    sessionId: SESSION_ID,
    sequenceNumber: 2,
    sourceLanguage: 'en',
    sourceText: 'The church meets every Sunday.',
    targetLanguage: 'es',
    translatedText: 'La iglesia se reúne cada domingo.',
  },
  audioQualityWarning: {
    type: 'audioQualityWarning',
    timestamp: 1,
    issue: 'clipping',
    message: '3.2 % of samples are clipped; lower the input gain',
    value: 3.2,
    threshold: 1,
  },
  connectionTimeout: { type: 'connectionTimeout', timestamp: 1, reason: 'no message for 600 s' },
  error: {
    type: 'error',
    timestamp: 1,
    code: 'RATE_LIMIT_EXCEEDED',
    message: 'too many audio chunks',
    requestId: 'audio-12',
    retryAfter: 1,
    action: 'sendAudio',
  },
};

/** What each type's own schema says (compiled at test time with ajv, the reference). */
const ajv = new Ajv({ strict: false });
const byType = new Map(SERVER_MESSAGE_TYPES.map((type) => [type, ajv.compile(SERVER_MESSAGE_SCHEMAS[type])]));

function referenceVerdict(message: Record<string, unknown>): boolean {
  const validate = byType.get(message['type'] as ServerMessageType);
  return validate ? validate(message) : false;
}

function requiredOf(type: ServerMessageType): readonly string[] {
  return SERVER_MESSAGE_SCHEMAS[type]['required'];
}

function propertiesOf(type: ServerMessageType): string[] {
  return Object.keys(SERVER_MESSAGE_SCHEMAS[type]['properties'] as Record<string, unknown>);
}

/** Ways to break a field: missing is covered separately; these give it a value of the wrong kind. */
const WRONG_VALUES: unknown[] = [null, 'text', -1, 1.5, true, {}, []];

describe('parseServerMessage', () => {
  it.each(SERVER_MESSAGE_TYPES.map((type) => [type]))('accepts the example %s', (type) => {
    // Act
    const result = parseServerMessage(JSON.stringify(EXAMPLES[type]));

    // Assess
    expect(result).toEqual({ ok: true, value: EXAMPLES[type] });
  });

  it.each(SERVER_MESSAGE_TYPES.map((type) => [type]))(
    'documents every field the example %s carries (no field outside its schema)',
    (type) => {
      // Act
      const unknown = Object.keys(EXAMPLES[type]).filter((field) => !propertiesOf(type).includes(field));

      // Assess
      expect(unknown).toEqual([]);
    },
  );

  it.each(SERVER_MESSAGE_TYPES.flatMap((type) => requiredOf(type).map((field) => [type, field])))(
    'refuses %s without %s',
    (type, field) => {
      // Prepare
      const message: Record<string, unknown> = { ...EXAMPLES[type as ServerMessageType] };
      delete message[field];

      // Act
      const result = parseServerMessage(JSON.stringify(message));

      // Assess
      expect(result).toMatchObject({
        ok: false,
        code: field === 'type' ? 'INVALID_PARAMETERS' : 'INVALID_PARAMETERS',
      });
      expect(result.ok || result.message).toMatch(field === 'type' ? /type|timestamp/ : new RegExp(field));
    },
  );

  it('agrees with each type’s own schema for every wrong value of every field', () => {
    // Prepare
    const cases: Array<{ message: Record<string, unknown>; field: string }> = [];
    for (const type of SERVER_MESSAGE_TYPES) {
      for (const field of propertiesOf(type)) {
        for (const value of WRONG_VALUES)
          cases.push({ message: { ...EXAMPLES[type], [field]: value }, field });
      }
    }

    // Act
    const disagreements = cases.filter(
      ({ message }) => parseServerMessage(JSON.stringify(message)).ok !== referenceVerdict(message),
    );
    const refused = cases.filter(({ message }) => !parseServerMessage(JSON.stringify(message)).ok);

    // Assess
    expect(disagreements.map(({ message, field }) => `${String(message['type'])}.${field}`)).toEqual([]);
    expect(refused.length).toBeGreaterThan(cases.length * 0.8); // most wrong values are wrong for every field
  });

  it('accepts a partial with no words yet and no session id (the speaker’s connection knows it)', () => {
    // Prepare
    const { sessionId: _sessionId, ...withoutSession } = { ...EXAMPLES.transcriptPartial, text: '' };

    // Act
    const result = parseServerMessage(JSON.stringify(withoutSession));

    // Assess
    expect(result).toEqual({ ok: true, value: withoutSession });
  });

  it('accepts fields it does not know (a newer server may add optional fields)', () => {
    // Act
    const result = parseServerMessage(JSON.stringify({ ...EXAMPLES.audioAck, storedAt: 12 }));

    // Assess
    expect(result.ok).toBe(true);
  });

  it.each([
    ['text that is not JSON', 'oops', 'INVALID_MESSAGE', /JSON/],
    ['a JSON value that is not an object', '[1,2]', 'INVALID_PARAMETERS', /object/],
    ['a message of an unknown type', '{"type":"launchRocket","timestamp":1}', 'INVALID_PARAMETERS', /type/],
    ['a message without timestamp', '{"type":"heartbeatAck"}', 'INVALID_PARAMETERS', /timestamp/],
    [
      'an error with a code outside the contract',
      '{"type":"error","timestamp":1,"code":"TEAPOT","message":"x","requestId":"r"}',
      'INVALID_PARAMETERS',
      /code/,
    ],
    [
      'translated audio with more parts than an utterance can have',
      JSON.stringify({ ...EXAMPLES.translatedAudio, parts: 1_000_000 }),
      'INVALID_PARAMETERS',
      /parts/,
    ],
    [
      'translated audio that is not base64',
      JSON.stringify({ ...EXAMPLES.translatedAudio, audio: 'not base64!' }),
      'INVALID_PARAMETERS',
      /audio/,
    ],
    [
      'a sessionJoined with an unknown role',
      JSON.stringify({ ...EXAMPLES.sessionJoined, role: 'admin' }),
      'INVALID_PARAMETERS',
      /role/,
    ],
    [
      'a sessionJoined whose newest utterance number is negative',
      JSON.stringify({ ...EXAMPLES.sessionJoined, lastSequenceNumber: -1 }),
      'INVALID_PARAMETERS',
      /lastSequenceNumber/,
    ],
    [
      'a replayComplete whose missed range lacks its end',
      JSON.stringify({ ...EXAMPLES.replayComplete, missed: { fromSequenceNumber: 38 } }),
      'INVALID_PARAMETERS',
      /missed/,
    ],
    [
      'a captionsOnlyChanged whose flag is a string',
      JSON.stringify({ ...EXAMPLES.captionsOnlyChanged, captionsOnly: 'true' }),
      'INVALID_PARAMETERS',
      /captionsOnly/,
    ],
    [
      'a captionsOnlyChanged without the requestId it answers',
      JSON.stringify({ ...EXAMPLES.captionsOnlyChanged, requestId: undefined }),
      'INVALID_PARAMETERS',
      /requestId/,
    ],
    [
      'a liveCaptionsChanged without the requestId it answers',
      JSON.stringify({ ...EXAMPLES.liveCaptionsChanged, requestId: undefined }),
      'INVALID_PARAMETERS',
      /requestId/,
    ],
    [
      'a transcriptPartial longer than 2000 characters',
      JSON.stringify({ ...EXAMPLES.transcriptPartial, text: 'a'.repeat(2001) }),
      'INVALID_PARAMETERS',
      /text/,
    ],
    [
      'a sessionCreated whose capacity is zero',
      JSON.stringify({
        ...EXAMPLES.sessionCreated,
        session: { ...EXAMPLES.sessionCreated.session, maxListeners: 0 },
      }),
      'INVALID_PARAMETERS',
      /maxListeners/,
    ],
    [
      'a sessionStatus whose distribution counts are not integers',
      JSON.stringify({ ...EXAMPLES.sessionStatus, languageDistribution: { es: 'three' } }),
      'INVALID_PARAMETERS',
      /languageDistribution/,
    ],
    [
      'a sessionCreated whose session lacks its broadcast state',
      JSON.stringify({
        ...EXAMPLES.sessionCreated,
        session: { ...EXAMPLES.sessionCreated.session, broadcastState: undefined },
      }),
      'INVALID_PARAMETERS',
      /session.*broadcastState/,
    ],
  ])('reports %s without throwing', (_what, raw, code, reason) => {
    // Act
    const result = parseServerMessage(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code, message: expect.stringMatching(reason) });
  });
});
