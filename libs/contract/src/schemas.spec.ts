import { CLIENT_ACTIONS } from './client-messages';
import { ERROR_CODES } from './error-codes';
import { LIMITS } from './limits';
import {
  AUDIO_CHUNK_EVENT_SCHEMA,
  AUDIO_FLUSH_EVENT_SCHEMA,
  CLIENT_ENVELOPE_SCHEMA,
  CLIENT_MESSAGE_SCHEMAS,
  CONNECT_QUERY_SCHEMA,
  CREATE_SESSION_BODY_SCHEMA,
  SERVER_MESSAGE_SCHEMA,
  SERVER_MESSAGE_SCHEMAS,
  UPDATE_SESSION_BODY_SCHEMA,
  UTTERANCE_CLAIMED_EVENT_SCHEMA,
  UTTERANCE_PARTIAL_EVENT_SCHEMA,
  UTTERANCE_TRANSCRIBED_EVENT_SCHEMA,
} from './schemas';
import { SERVER_MESSAGE_TYPES } from './server-messages';
import { LANGUAGE_CODE_PATTERN, SESSION_ID_PATTERN } from './session';

describe('client message schemas', () => {
  it.each(CLIENT_ACTIONS.map((action) => [action]))(
    'describes %s as a closed object naming its action',
    (action) => {
      // Act
      const schema = CLIENT_MESSAGE_SCHEMAS[action];

      // Assess
      expect(schema).toMatchObject({
        $id: `client.${action}`,
        type: 'object',
        additionalProperties: false,
        required: expect.arrayContaining(['action']),
        properties: { action: { const: action }, requestId: { type: 'string' } },
      });
    },
  );

  it('requires the fields each action cannot do without, and no others', () => {
    // Act
    const required = Object.fromEntries(
      Object.entries(CLIENT_MESSAGE_SCHEMAS).map(([action, schema]) => [action, schema['required']]),
    );

    // Assess
    expect(required).toMatchObject({
      createSession: ['action', 'sourceLanguage'],
      refreshConnection: ['action', 'previousConnectionId'],
      sendAudio: ['action', 'sequenceNumber', 'audio'],
      setVolume: ['action', 'volume'],
      changeLanguage: ['action', 'targetLanguage'],
      setCaptionsOnly: ['action', 'captionsOnly'],
      setLiveCaptions: ['action', 'liveCaptions'],
      heartbeat: ['action'],
      joinSession: ['action'],
      endSession: ['action'],
    });
  });
});

describe('schema ids', () => {
  it('are unique, so one ajv instance can hold every schema', () => {
    // Prepare
    const schemas = [
      ...Object.values(CLIENT_MESSAGE_SCHEMAS),
      CLIENT_ENVELOPE_SCHEMA,
      CONNECT_QUERY_SCHEMA,
      CREATE_SESSION_BODY_SCHEMA,
      UPDATE_SESSION_BODY_SCHEMA,
      AUDIO_CHUNK_EVENT_SCHEMA,
      AUDIO_FLUSH_EVENT_SCHEMA,
      UTTERANCE_CLAIMED_EVENT_SCHEMA,
      UTTERANCE_TRANSCRIBED_EVENT_SCHEMA,
      UTTERANCE_PARTIAL_EVENT_SCHEMA,
      SERVER_MESSAGE_SCHEMA,
    ];

    // Act
    const ids = schemas.map((schema) => schema['$id']);

    // Assess
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(schemas.length);
  });
});

describe('server messages', () => {
  it('lists every message type once', () => {
    // Act
    const unique = new Set(SERVER_MESSAGE_TYPES);

    // Assess
    expect(unique.size).toBe(SERVER_MESSAGE_TYPES.length);
  });

  it('lets an error message carry only codes of the contract', () => {
    // Act
    const code = (SERVER_MESSAGE_SCHEMAS.error['properties'] as Record<string, unknown>)['code'];

    // Assess
    expect(code).toEqual({ type: 'string', enum: ERROR_CODES });
  });

  it('has a complete schema for every message type, requiring type and timestamp', () => {
    // Act
    const types = Object.keys(SERVER_MESSAGE_SCHEMAS).sort();
    const required = SERVER_MESSAGE_TYPES.map((type) => SERVER_MESSAGE_SCHEMAS[type]['required']);

    // Assess
    expect(types).toEqual([...SERVER_MESSAGE_TYPES].sort());
    required.forEach((fields) => expect(fields).toEqual(expect.arrayContaining(['type', 'timestamp'])));
  });

  it('requires what each message type promises (the fields its TypeScript type does not mark optional)', () => {
    // Act
    const required = Object.fromEntries(
      SERVER_MESSAGE_TYPES.map((type) => [type, SERVER_MESSAGE_SCHEMAS[type]['required']]),
    );

    // Assess
    expect(required).toMatchObject({
      sessionJoined: expect.arrayContaining([
        'sessionId',
        'role',
        'connectionId',
        'status',
        'broadcastState',
      ]),
      audioAck: expect.arrayContaining(['sequenceNumber']),
      translatedAudio: expect.arrayContaining(['part', 'parts', 'audio', 'durationMs', 'transcript']),
      transcript: expect.arrayContaining(['sequenceNumber', 'sourceText', 'translatedText']),
      error: expect.arrayContaining(['code', 'message', 'requestId']),
      sessionStatus: expect.arrayContaining(['languageDistribution', 'sessionDuration']),
    });
    expect(required['translatedAudio']).not.toContain('emotion');
    expect(required['sessionJoined']).not.toContain('targetLanguage');
    expect(required['sessionJoined']).not.toContain('captionsOnly');
    expect(required['sessionJoined']).not.toContain('lastSequenceNumber');
    expect(required['captionsOnlyChanged']).toEqual(expect.arrayContaining(['captionsOnly', 'requestId']));
    expect(required['sessionJoined']).not.toContain('liveCaptions');
    expect(required['liveCaptionsChanged']).toEqual(expect.arrayContaining(['liveCaptions', 'requestId']));
    expect(required['transcriptPartial']).toEqual([
      'type',
      'timestamp',
      'sequenceNumber',
      'sourceLanguage',
      'text',
    ]);
  });

  it('gives a field one meaning in every type, so the combined schema checks each field once', () => {
    // Act
    const fields = SERVER_MESSAGE_SCHEMA['properties'] as Record<string, unknown>;
    const conflicts = SERVER_MESSAGE_TYPES.flatMap((type) =>
      Object.entries(SERVER_MESSAGE_SCHEMAS[type]['properties'] as Record<string, unknown>)
        .filter(([name]) => name !== 'type')
        .filter(([name, schema]) => JSON.stringify(fields[name]) !== JSON.stringify(schema))
        .map(([name]) => `${type}.${name}`),
    );

    // Assess
    expect(conflicts).toEqual([]);
    expect(fields['type']).toEqual({ type: 'string', enum: SERVER_MESSAGE_TYPES });
  });

  it('requires, per type in the combined schema, exactly what the type’s own schema requires', () => {
    // Act
    const branches = SERVER_MESSAGE_SCHEMA['oneOf'] as Array<{
      properties: { type: { const: string } };
      required: string[];
    }>;

    // Assess
    expect(SERVER_MESSAGE_SCHEMA['discriminator']).toEqual({ propertyName: 'type' });
    expect(branches.map((branch) => branch.properties.type.const)).toEqual([...SERVER_MESSAGE_TYPES]);
    branches.forEach((branch) =>
      expect(branch.required).toEqual(
        SERVER_MESSAGE_SCHEMAS[branch.properties.type.const as keyof typeof SERVER_MESSAGE_SCHEMAS][
          'required'
        ],
      ),
    );
  });
});

describe('captions-only mode', () => {
  it('is a boolean wherever a message carries it, and the words true or false in a query string', () => {
    // Act
    const action = (CLIENT_MESSAGE_SCHEMAS.setCaptionsOnly['properties'] as Record<string, unknown>)[
      'captionsOnly'
    ];
    const field = (SERVER_MESSAGE_SCHEMA['properties'] as Record<string, unknown>)['captionsOnly'];
    const query = (CONNECT_QUERY_SCHEMA['properties'] as Record<string, unknown>)['captionsOnly'];

    // Assess
    expect(action).toEqual({ type: 'boolean' });
    expect(field).toEqual({ type: 'boolean' });
    expect(query).toEqual({ type: 'string', enum: ['true', 'false'] });
    expect(CONNECT_QUERY_SCHEMA['required']).toEqual(['sessionId']);
  });
});

describe('live captions', () => {
  it('is a boolean wherever a message carries it, and the words true or false in a query string', () => {
    // Act
    const action = (CLIENT_MESSAGE_SCHEMAS.setLiveCaptions['properties'] as Record<string, unknown>)[
      'liveCaptions'
    ];
    const field = (SERVER_MESSAGE_SCHEMA['properties'] as Record<string, unknown>)['liveCaptions'];
    const query = (CONNECT_QUERY_SCHEMA['properties'] as Record<string, unknown>)['liveCaptions'];

    // Assess
    expect(action).toMatchObject({ type: 'boolean' });
    expect(field).toEqual({ type: 'boolean' });
    expect(query).toEqual({ type: 'string', enum: ['true', 'false'] });
  });

  it('bounds a partial’s text at 2000 characters, in the message and in the event, and lets it be empty', () => {
    // Act
    const message = (SERVER_MESSAGE_SCHEMAS.transcriptPartial['properties'] as Record<string, unknown>)[
      'text'
    ];
    const event = (UTTERANCE_PARTIAL_EVENT_SCHEMA['properties'] as Record<string, unknown>)['text'];

    // Assess
    expect(message).toEqual({ type: 'string', maxLength: 2000 });
    expect(event).toEqual({ type: 'string', maxLength: 2000 });
    expect(UTTERANCE_PARTIAL_EVENT_SCHEMA['required']).toEqual([
      'kind',
      'sessionId',
      'sourceLanguage',
      'sequenceNumber',
      'text',
      'emittedAt',
      'requestId',
    ]);
  });
});

describe('the session in sessionCreated', () => {
  it('may give the capacity in force, as a whole number of listeners, without requiring it', () => {
    // Act
    const session = (SERVER_MESSAGE_SCHEMAS.sessionCreated['properties'] as Record<string, unknown>)[
      'session'
    ] as { properties: Record<string, unknown>; required: string[] };

    // Assess
    expect(session.properties['maxListeners']).toEqual({ type: 'integer', minimum: 1 });
    expect(session.required).not.toContain('maxListeners');
  });
});

describe('session id pattern', () => {
  const sessionId = new RegExp(SESSION_ID_PATTERN);

  it.each([['golden-eagle-427'], ['holy-lamb-100'], ['faithful-shepherd-999']])('accepts %s', (id) => {
    // Act
    const matches = sessionId.test(id);

    // Assess
    expect(matches).toBe(true);
  });

  it.each([
    ['golden-eagle-042'],
    ['golden-eagle-1000'],
    ['Golden-eagle-427'],
    ['golden-427'],
    ['golden-eagle-427 '],
  ])('rejects %p', (id) => {
    // Act
    const matches = sessionId.test(id);

    // Assess
    expect(matches).toBe(false);
  });
});

describe('language code pattern', () => {
  const languageCode = new RegExp(LANGUAGE_CODE_PATTERN);

  it.each([['en'], ['pt-BR'], ['zh-CN']])('accepts %s', (code) => {
    // Act
    const matches = languageCode.test(code);

    // Assess
    expect(matches).toBe(true);
  });

  it.each([['EN'], ['eng'], ['pt-br'], ['pt_BR'], ['']])('rejects %p', (code) => {
    // Act
    const matches = languageCode.test(code);

    // Assess
    expect(matches).toBe(false);
  });
});

describe('limits', () => {
  it('keeps every message we send within one API Gateway frame, and frames within a message', () => {
    // Assess
    expect(LIMITS.maxControlMessageBytes).toBeLessThan(LIMITS.maxAudioMessageBytes);
    expect(LIMITS.maxAudioMessageBytes).toBeLessThanOrEqual(LIMITS.maxFrameBytes);
    expect(LIMITS.maxFrameBytes).toBeLessThan(LIMITS.maxMessageBytes);
    expect(LIMITS.maxMessageBytes).toBe(128 * 1024);
  });
});
