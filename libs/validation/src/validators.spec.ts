import { LIMITS } from '@lingocast/contract';
import type { AudioChunkEvent, UtteranceClaimedEvent, UtteranceTranscribedEvent } from '@lingocast/contract';
import type { SchemaError } from './compiled-validator';
import {
  decodedByteLength,
  describeErrors,
  parseClientMessage,
  parseCreateSessionBody,
  parseUpdateSessionBody,
  peekAction,
  peekRequestId,
  validateAudioChunkEvent,
  validateAudioFlushEvent,
  validateConnectQuery,
  validateUtteranceClaimedEvent,
  validateUtteranceTranscribedEvent,
} from './validators';

const AUDIO = Buffer.from(new Uint8Array(320)).toString('base64');

describe('describeErrors', () => {
  function error(overrides: Partial<SchemaError>): SchemaError {
    return { keyword: 'type', instancePath: '', schemaPath: '#', params: {}, ...overrides };
  }

  it('names the unknown field', () => {
    // Act
    const text = describeErrors([
      error({ keyword: 'additionalProperties', params: { additionalProperty: 'colour' } }),
    ]);

    // Assess
    expect(text).toBe("message has an unknown field 'colour'");
  });

  it('names the missing field', () => {
    // Act
    const text = describeErrors([error({ keyword: 'required', params: { missingProperty: 'volume' } })]);

    // Assess
    expect(text).toBe("message needs 'volume'");
  });

  it('points at nested fields with dots', () => {
    // Act
    const text = describeErrors([
      error({ instancePath: '/emotion/volume/rmsDb', message: 'must be number' }),
    ]);

    // Assess
    expect(text).toBe('emotion.volume.rmsDb must be number');
  });

  it('says something useful when ajv gave no message or no errors', () => {
    // Act
    const withoutMessage = describeErrors([error({ instancePath: '/volume' })]);
    const withoutErrors = [describeErrors(null), describeErrors(undefined), describeErrors([])];

    // Assess
    expect(withoutMessage).toBe('volume is invalid');
    expect(withoutErrors).toEqual(['invalid value', 'invalid value', 'invalid value']);
  });
});

describe('parseClientMessage reasons', () => {
  it('tells the client which field is unknown', () => {
    // Act
    const result = parseClientMessage('{"action":"heartbeat","colour":"red"}');

    // Assess
    expect(result).toEqual({
      ok: false,
      code: 'INVALID_PARAMETERS',
      message: "message has an unknown field 'colour'",
    });
  });

  it('tells the client which action is unknown', () => {
    // Act
    const result = parseClientMessage('{"action":"launchRocket"}');

    // Assess
    expect(result).toEqual({ ok: false, code: 'INVALID_ACTION', message: "unknown action 'launchRocket'" });
  });

  it('states the size and the limit of an oversized message', () => {
    // Prepare
    const raw = JSON.stringify({ action: 'heartbeat', padding: 'x'.repeat(5000) });

    // Act
    const result = parseClientMessage(raw);

    // Assess
    expect(result).toEqual({
      ok: false,
      code: 'MESSAGE_TOO_LARGE',
      message: `heartbeat message is ${raw.length} bytes; the limit is ${LIMITS.maxControlMessageBytes}`,
    });
  });
});

describe('parseClientMessage audio', () => {
  it.each([
    ['AAAA', 3],
    ['AAA=', 2],
    ['AA==', 1],
    ['AAAAAA', 4],
  ])('measures %s as %i decoded bytes without decoding it', (base64, bytes) => {
    expect(decodedByteLength(base64)).toBe(bytes);
    expect(decodedByteLength(base64)).toBe(Buffer.from(base64, 'base64').length);
  });

  it('refuses PCM16 audio that is not whole samples', () => {
    // Act
    const result = parseClientMessage('{"action":"sendAudio","sequenceNumber":1,"audio":"AAAA"}');

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
    expect(result.ok ? '' : result.message).toMatch(/even number of bytes/);
  });

  it('accepts whole samples, padded or not', () => {
    for (const audio of ['AAA=', 'AAAAAA', Buffer.alloc(320).toString('base64')]) {
      expect(parseClientMessage(JSON.stringify({ action: 'sendAudio', sequenceNumber: 1, audio })).ok).toBe(
        true,
      );
    }
  });
});

describe('peekRequestId', () => {
  it('reads the request id of a message that fails validation', () => {
    // Act
    const requestId = peekRequestId('{"action":"launchRocket","requestId":"r-42"}');

    // Assess
    expect(requestId).toBe('r-42');
  });

  it.each([
    ['no body', undefined],
    ['an empty body', ''],
    ['text that is not JSON', 'not json'],
    ['JSON null', 'null'],
    ['no requestId field', '{"action":"heartbeat"}'],
    ['a numeric requestId', '{"requestId":42}'],
    ['a requestId over 128 characters', `{"requestId":"${'x'.repeat(129)}"}`],
    ['a body over 128 KB', `{"requestId":"r-1","padding":"${'x'.repeat(LIMITS.maxMessageBytes)}"}`],
  ])('gives nothing for %s', (_what, raw) => {
    // Act
    const requestId = peekRequestId(raw);

    // Assess
    expect(requestId).toBeUndefined();
  });
});

describe('peekAction', () => {
  it('reads the action of a message, known or not', () => {
    // Act
    const actions = [peekAction('{"action":"heartbeat"}'), peekAction('{"action":"launchRocket","x":1}')];

    // Assess
    expect(actions).toEqual(['heartbeat', 'launchRocket']);
  });

  it('cuts a long action name to 64 characters for logs', () => {
    // Act
    const action = peekAction(JSON.stringify({ action: 'a'.repeat(500) }));

    // Assess
    expect(action).toBe('a'.repeat(64));
  });

  it.each([
    ['no body', null],
    ['an empty body', ''],
    ['text that is not JSON', '{'],
    ['JSON null', 'null'],
    ['a numeric action', '{"action":1}'],
    [
      'a body over 128 KB',
      JSON.stringify({ action: 'heartbeat', padding: 'x'.repeat(LIMITS.maxMessageBytes) }),
    ],
  ])('gives nothing for %s', (_what, raw) => {
    // Act
    const action = peekAction(raw);

    // Assess
    expect(action).toBeUndefined();
  });
});

describe('validateConnectQuery', () => {
  it('accepts a listener with a session and a language', () => {
    // Act
    const result = validateConnectQuery({ sessionId: 'golden-eagle-427', targetLanguage: 'es' });

    // Assess
    expect(result).toEqual({ ok: true, value: { sessionId: 'golden-eagle-427', targetLanguage: 'es' } });
  });

  it('accepts a speaker with a session and a token', () => {
    // Act
    const result = validateConnectQuery({ sessionId: 'golden-eagle-427', token: 'eyJhbGciOi' });

    // Assess
    expect(result.ok).toBe(true);
  });

  it('accepts a refresh naming the connection it replaces', () => {
    // Act
    const result = validateConnectQuery({
      sessionId: 'golden-eagle-427',
      targetLanguage: 'es',
      previousConnectionId: 'Ab3dEfGhIjKlMnO=',
    });

    // Assess
    expect(result).toMatchObject({ ok: true, value: { previousConnectionId: 'Ab3dEfGhIjKlMnO=' } });
  });

  it('refuses a previousConnectionId that cannot be a connection id', () => {
    // Act
    const result = validateConnectQuery({ sessionId: 'golden-eagle-427', previousConnectionId: 'a b;c' });

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });

  it.each([
    ['true', true],
    ['false', false],
  ])('reads captionsOnly=%s as the boolean %p', (word, flag) => {
    // Act
    const result = validateConnectQuery({
      sessionId: 'golden-eagle-427',
      targetLanguage: 'es',
      captionsOnly: word,
    });

    // Assess
    expect(result).toEqual({
      ok: true,
      value: { sessionId: 'golden-eagle-427', targetLanguage: 'es', captionsOnly: flag },
    });
  });

  it.each([['1'], ['yes'], ['TRUE'], ['']])('answers INVALID_PARAMETERS for captionsOnly=%p', (word) => {
    // Act
    const result = validateConnectQuery({
      sessionId: 'golden-eagle-427',
      targetLanguage: 'es',
      captionsOnly: word,
    });

    // Assess
    expect(result).toMatchObject({
      ok: false,
      code: 'INVALID_PARAMETERS',
      message: expect.stringMatching(/captionsOnly/),
    });
  });

  it.each([
    ['no query string', null],
    ['no session id', { targetLanguage: 'es' }],
    ['a malformed session id', { sessionId: 'golden_eagle_427', targetLanguage: 'es' }],
    ['a malformed language', { sessionId: 'golden-eagle-427', targetLanguage: 'spanish' }],
    ['an empty token', { sessionId: 'golden-eagle-427', token: '' }],
  ])('answers INVALID_PARAMETERS for %s', (_what, query) => {
    // Act
    const result = validateConnectQuery(query);

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });
});

describe('parseCreateSessionBody', () => {
  it('accepts a source language with an optional quality tier', () => {
    // Act
    const result = parseCreateSessionBody('{"sourceLanguage":"en","qualityTier":"premium"}');

    // Assess
    expect(result).toEqual({ ok: true, value: { sourceLanguage: 'en', qualityTier: 'premium' } });
  });

  it('answers INVALID_MESSAGE for a body that is not JSON', () => {
    // Act
    const result = parseCreateSessionBody('sourceLanguage=en');

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_MESSAGE' });
  });

  it.each([
    ['no body', null],
    ['an empty object', '{}'],
    ['an unknown field', '{"sourceLanguage":"en","speakerId":"someone-else"}'],
    ['an unknown quality tier', '{"sourceLanguage":"en","qualityTier":"gold"}'],
  ])('answers INVALID_PARAMETERS for %s', (_what, raw) => {
    // Act
    const result = parseCreateSessionBody(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });
});

describe('parseUpdateSessionBody', () => {
  it.each([
    ['{"status":"paused"}'],
    ['{"status":"ended"}'],
    ['{"sourceLanguage":"fr","qualityTier":"standard"}'],
  ])('accepts %s', (raw) => {
    // Act
    const result = parseUpdateSessionBody(raw);

    // Assess
    expect(result).toEqual({ ok: true, value: JSON.parse(raw) });
  });

  it('answers INVALID_MESSAGE for a body that is not JSON', () => {
    // Act
    const result = parseUpdateSessionBody('{status: paused}');

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_MESSAGE' });
  });

  it.each([
    ['no body, which changes nothing', undefined],
    ['an empty object, which changes nothing', '{}'],
    ['an unknown status', '{"status":"archived"}'],
    ['a field that cannot change', '{"listenerCount":0}'],
  ])('answers INVALID_PARAMETERS for %s', (_what, raw) => {
    // Act
    const result = parseUpdateSessionBody(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });
});

describe('service events', () => {
  const chunk: AudioChunkEvent = {
    kind: 'audioChunk',
    sessionId: 'golden-eagle-427',
    sourceLanguage: 'en',
    speakerConnectionId: 'Abc123=',
    sequenceNumber: 12,
    encoding: 'pcm_s16le',
    sampleRate: 16_000,
    audio: AUDIO,
    receivedAt: 1_760_000_000_000,
    requestId: 'req-1',
  };
  const claimed: UtteranceClaimedEvent = {
    kind: 'utteranceClaimed',
    sessionId: 'golden-eagle-427',
    sourceLanguage: 'en',
    sequenceNumber: 3,
    firstChunk: 40,
    lastChunk: 52,
    timings: { lastChunkReceivedAt: 1, assembledAt: 2 },
    requestId: 'req-2',
  };
  const transcribed: UtteranceTranscribedEvent = {
    kind: 'utteranceTranscribed',
    sessionId: 'golden-eagle-427',
    sequenceNumber: 3,
    sourceLanguage: 'en',
    text: 'grace and peace to you',
    emotion: {
      volume: { level: 'medium', rmsDb: -15.2 },
      rate: { level: 'medium', wordsPerMinute: 142 },
    },
    durationMs: 2100,
    timings: { lastChunkReceivedAt: 1, assembledAt: 2, transcribedAt: 3 },
    requestId: 'req-3',
  };

  it('accepts well-formed events of every kind', () => {
    // Act
    const results = [
      validateAudioChunkEvent(chunk),
      validateAudioFlushEvent({
        kind: 'audioFlush',
        sessionId: 'golden-eagle-427',
        sourceLanguage: 'en',
        requestId: 'r',
      }),
      validateUtteranceClaimedEvent(claimed),
      validateUtteranceTranscribedEvent(transcribed),
    ];

    // Assess
    expect(results.map((result) => result.ok)).toEqual([true, true, true, true]);
  });

  it.each([
    ['an audio chunk without audio', () => validateAudioChunkEvent({ ...chunk, audio: undefined })],
    ['an audio chunk at an odd sample rate', () => validateAudioChunkEvent({ ...chunk, sampleRate: 12_345 })],
    ['a flush of another kind', () => validateAudioFlushEvent({ ...chunk, kind: 'audioChunk' })],
    ['a claim without timings', () => validateUtteranceClaimedEvent({ ...claimed, timings: undefined })],
    [
      'a transcription with empty text',
      () => validateUtteranceTranscribedEvent({ ...transcribed, text: '' }),
    ],
    [
      'a transcription whose emotion uses the old format',
      () => validateUtteranceTranscribedEvent({ ...transcribed, emotion: { volume: 'loud', rate: 'fast' } }),
    ],
    ['something that is not an object', () => validateUtteranceTranscribedEvent('utteranceTranscribed')],
  ])('answers INVALID_PARAMETERS for %s', (_what, validate) => {
    // Act
    const result = validate();

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });
});
