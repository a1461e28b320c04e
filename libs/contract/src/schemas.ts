import { AUDIO_ENCODINGS, SAMPLE_RATES } from './limits';
import { LANGUAGE_CODE_PATTERN, QUALITY_TIERS, SESSION_ID_PATTERN, SESSION_STATUSES } from './session';
import { ERROR_CODES } from './error-codes';
import { AUDIO_QUALITY_ISSUES } from './emotion';
import { MAX_AUDIO_PARTS, SERVER_MESSAGE_TYPES } from './server-messages';
import { MAX_REPLAY_RECENT } from './client-messages';
import type { ServerMessageType } from './server-messages';

/**
 * JSON Schemas (draft-07) for every message on the wire. One source for the services,
 * the clients and the tests; `@lingocast/validation` compiles them once.
 */
type Schema = Record<string, unknown>;

const languageCode = { type: 'string', pattern: LANGUAGE_CODE_PATTERN } as const;
const sessionId = { type: 'string', pattern: SESSION_ID_PATTERN } as const;
const requestId = { type: 'string', minLength: 1, maxLength: 128 } as const;
const seq = { type: 'integer', minimum: 0, maximum: Number.MAX_SAFE_INTEGER } as const;
const base64 = { type: 'string', minLength: 4, pattern: '^[A-Za-z0-9+/]+={0,2}$' } as const;
const qualityTier = { type: 'string', enum: QUALITY_TIERS } as const;

function action(name: string, properties: Schema = {}, required: string[] = []): Schema {
  return {
    $id: `client.${name}`,
    type: 'object',
    additionalProperties: false,
    required: ['action', ...required],
    properties: { action: { const: name }, requestId, ...properties },
  };
}

/** Schemas of the client → server actions, by action name. */
export const CLIENT_MESSAGE_SCHEMAS = {
  createSession: action('createSession', { sourceLanguage: languageCode, qualityTier }, ['sourceLanguage']),
  joinSession: action('joinSession'),
  heartbeat: action('heartbeat'),
  refreshConnection: action(
    'refreshConnection',
    { previousConnectionId: { type: 'string', minLength: 1, maxLength: 128 } },
    ['previousConnectionId'],
  ),
  sendAudio: action(
    'sendAudio',
    {
      sequenceNumber: seq,
      audio: base64,
      encoding: { type: 'string', enum: AUDIO_ENCODINGS },
      sampleRate: { type: 'integer', enum: SAMPLE_RATES },
      channels: { const: 1 },
    },
    ['sequenceNumber', 'audio'],
  ),
  pauseBroadcast: action('pauseBroadcast'),
  resumeBroadcast: action('resumeBroadcast'),
  muteBroadcast: action('muteBroadcast'),
  unmuteBroadcast: action('unmuteBroadcast'),
  setVolume: action('setVolume', { volume: { type: 'number', minimum: 0, maximum: 1 } }, ['volume']),
  getSessionStatus: action('getSessionStatus'),
  changeLanguage: action('changeLanguage', { targetLanguage: languageCode }, ['targetLanguage']),
  endSession: action('endSession'),
  setCaptionsOnly: action('setCaptionsOnly', { captionsOnly: { type: 'boolean' } }, ['captionsOnly']),
  replay: {
    ...action('replay', {
      afterSequenceNumber: seq,
      recent: { type: 'integer', minimum: 1, maximum: MAX_REPLAY_RECENT },
      captionsOnly: { type: 'boolean' },
    }),
    // Exactly one of the two: what was missed, or a late joiner's history.
    oneOf: [{ required: ['afterSequenceNumber'] }, { required: ['recent'] }],
  },
} as const satisfies Record<string, Schema>;

/** Any client message must at least be an object naming its action. */
export const CLIENT_ENVELOPE_SCHEMA: Schema = {
  $id: 'client.envelope',
  type: 'object',
  required: ['action'],
  properties: { action: { type: 'string', minLength: 1, maxLength: 64 }, requestId },
};

const connectionIdParameter: Schema = { type: 'string', pattern: '^[A-Za-z0-9_=+/-]{1,128}$' };

/** Query string of a WebSocket `$connect`. */
export const CONNECT_QUERY_SCHEMA: Schema = {
  $id: 'connect.query',
  type: 'object',
  required: ['sessionId'],
  properties: {
    sessionId,
    targetLanguage: languageCode,
    token: { type: 'string', minLength: 1, maxLength: 8192 },
    previousConnectionId: connectionIdParameter,
    resumeConnectionId: connectionIdParameter,
    // Listeners only; query strings carry text, so the flag is the word `true` or `false`.
    captionsOnly: { type: 'string', enum: ['true', 'false'] },
  },
};

export const CREATE_SESSION_BODY_SCHEMA: Schema = {
  $id: 'http.createSession',
  type: 'object',
  additionalProperties: false,
  required: ['sourceLanguage'],
  properties: { sourceLanguage: languageCode, qualityTier },
};

export const UPDATE_SESSION_BODY_SCHEMA: Schema = {
  $id: 'http.updateSession',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    status: { type: 'string', enum: SESSION_STATUSES },
    sourceLanguage: languageCode,
    qualityTier,
  },
};

const emotion = {
  type: 'object',
  required: ['volume', 'rate'],
  properties: {
    volume: {
      type: 'object',
      required: ['level', 'rmsDb'],
      properties: { level: { enum: ['loud', 'medium', 'soft', 'whisper'] }, rmsDb: { type: 'number' } },
    },
    rate: {
      type: 'object',
      required: ['level', 'wordsPerMinute'],
      properties: {
        level: { enum: ['very_slow', 'slow', 'medium', 'fast', 'very_fast'] },
        wordsPerMinute: { type: 'number', minimum: 0 },
      },
    },
  },
} as const;

export const AUDIO_CHUNK_EVENT_SCHEMA: Schema = {
  $id: 'event.audioChunk',
  type: 'object',
  required: [
    'kind',
    'sessionId',
    'sourceLanguage',
    'speakerConnectionId',
    'sequenceNumber',
    'encoding',
    'sampleRate',
    'audio',
    'receivedAt',
    'requestId',
  ],
  properties: {
    kind: { const: 'audioChunk' },
    sessionId,
    sourceLanguage: languageCode,
    speakerConnectionId: { type: 'string', minLength: 1 },
    sequenceNumber: seq,
    encoding: { enum: AUDIO_ENCODINGS },
    sampleRate: { type: 'integer', enum: SAMPLE_RATES },
    audio: base64,
    receivedAt: { type: 'number' },
    requestId,
  },
};

export const AUDIO_FLUSH_EVENT_SCHEMA: Schema = {
  $id: 'event.audioFlush',
  type: 'object',
  required: ['kind', 'sessionId', 'sourceLanguage', 'requestId'],
  properties: {
    kind: { const: 'audioFlush' },
    sessionId,
    sourceLanguage: languageCode,
    speakerConnectionId: { type: 'string', minLength: 1 },
    requestId,
  },
};

export const UTTERANCE_CLAIMED_EVENT_SCHEMA: Schema = {
  $id: 'event.utteranceClaimed',
  type: 'object',
  required: [
    'kind',
    'sessionId',
    'sourceLanguage',
    'sequenceNumber',
    'firstChunk',
    'lastChunk',
    'timings',
    'requestId',
  ],
  properties: {
    kind: { const: 'utteranceClaimed' },
    sessionId,
    sourceLanguage: languageCode,
    speakerConnectionId: { type: 'string', minLength: 1 },
    sequenceNumber: seq,
    firstChunk: seq,
    lastChunk: seq,
    timings: {
      type: 'object',
      required: ['lastChunkReceivedAt', 'assembledAt'],
      properties: { lastChunkReceivedAt: { type: 'number' }, assembledAt: { type: 'number' } },
    },
    requestId,
  },
};

export const UTTERANCE_TRANSCRIBED_EVENT_SCHEMA: Schema = {
  $id: 'event.utteranceTranscribed',
  type: 'object',
  required: [
    'kind',
    'sessionId',
    'sequenceNumber',
    'sourceLanguage',
    'text',
    'emotion',
    'durationMs',
    'timings',
    'requestId',
  ],
  properties: {
    kind: { const: 'utteranceTranscribed' },
    sessionId,
    sequenceNumber: seq,
    sourceLanguage: languageCode,
    text: { type: 'string', minLength: 1, maxLength: 10_000 },
    emotion,
    durationMs: { type: 'number', minimum: 0 },
    timings: {
      type: 'object',
      required: ['lastChunkReceivedAt', 'assembledAt', 'transcribedAt'],
      properties: {
        lastChunkReceivedAt: { type: 'number' },
        assembledAt: { type: 'number' },
        transcribedAt: { type: 'number' },
      },
    },
    requestId,
  },
};

const serverRequestId = { type: 'string', maxLength: 256 } as const;
const role = { type: 'string', enum: ['speaker', 'listener'] } as const;
const connectionId = { type: 'string', minLength: 1, maxLength: 128 } as const;
const sessionStatus = { type: 'string', enum: SESSION_STATUSES } as const;
const count = { type: 'integer', minimum: 0 } as const;
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const isoTime = { type: 'string', minLength: 1, maxLength: 64 } as const;
const captionsOnly = { type: 'boolean' } as const;
const broadcastState = {
  type: 'object',
  required: ['paused', 'muted', 'volume'],
  properties: {
    paused: { type: 'boolean' },
    muted: { type: 'boolean' },
    volume: { type: 'number', minimum: 0, maximum: 1 },
  },
} as const;
const session = {
  type: 'object',
  required: [
    'sessionId',
    'speakerId',
    'sourceLanguage',
    'qualityTier',
    'status',
    'listenerCount',
    'broadcastState',
    'createdAt',
    'updatedAt',
    'expiresAt',
  ],
  properties: {
    sessionId,
    speakerId: { type: 'string', minLength: 1, maxLength: 256 },
    sourceLanguage: languageCode,
    qualityTier,
    status: sessionStatus,
    listenerCount: count,
    broadcastState,
    createdAt: isoTime,
    updatedAt: isoTime,
    expiresAt: isoTime,
    maxListeners: { type: 'integer', minimum: 1 },
  },
} as const;

/**
 * One server message type: `type` and `timestamp` always, `requestId` when it answers an action, and
 * the type's own fields. Unknown extra fields are allowed (a server may add optional fields without
 * breaking deployed clients); unknown types are not.
 */
function serverMessage(type: ServerMessageType, properties: Schema = {}, required: string[] = []): Schema {
  return {
    type: 'object',
    required: ['type', 'timestamp', ...required],
    properties: {
      type: { const: type },
      timestamp: { type: 'number', minimum: 0 },
      requestId: serverRequestId,
      ...properties,
    },
  };
}

const sessionRef = (required: string[], properties: Schema = {}) => ({
  properties: { sessionId, ...properties },
  required: ['sessionId', ...required],
});

function sessionMessage(type: ServerMessageType, properties: Schema = {}, required: string[] = []): Schema {
  const body = sessionRef(required, properties);
  return serverMessage(type, body.properties, body.required);
}

const connectionLifecycle = (type: ServerMessageType) =>
  sessionMessage(type, { role, connectionId }, ['role', 'connectionId']);

/** The schema of each server → client message type, complete: required fields, types and enums. */
export const SERVER_MESSAGE_SCHEMAS = {
  sessionCreated: serverMessage('sessionCreated', { session }, ['session']),
  sessionJoined: sessionMessage(
    'sessionJoined',
    {
      role,
      connectionId,
      sourceLanguage: languageCode,
      targetLanguage: languageCode,
      status: sessionStatus,
      broadcastState,
      listenerCount: count,
      captionsOnly,
    },
    ['role', 'connectionId', 'sourceLanguage', 'status', 'broadcastState', 'listenerCount'],
  ),
  heartbeatAck: serverMessage('heartbeatAck'),
  connectionWarning: serverMessage(
    'connectionWarning',
    { remainingMinutes: { type: 'number', minimum: 0 } },
    ['remainingMinutes'],
  ),
  connectionRefreshRequired: connectionLifecycle('connectionRefreshRequired'),
  connectionRefreshComplete: connectionLifecycle('connectionRefreshComplete'),
  sessionEnded: sessionMessage('sessionEnded', { reason: text(1024) }, ['reason']),
  broadcastPaused: sessionMessage('broadcastPaused'),
  broadcastResumed: sessionMessage('broadcastResumed'),
  broadcastMuted: sessionMessage('broadcastMuted'),
  broadcastUnmuted: sessionMessage('broadcastUnmuted'),
  volumeChanged: sessionMessage('volumeChanged', { volume: { type: 'number', minimum: 0, maximum: 1 } }, [
    'volume',
  ]),
  sessionStatus: sessionMessage(
    'sessionStatus',
    {
      status: sessionStatus,
      listenerCount: count,
      languageDistribution: { type: 'object', additionalProperties: count },
      sessionDuration: { type: 'number', minimum: 0 },
      broadcastState,
    },
    ['status', 'listenerCount', 'languageDistribution', 'sessionDuration', 'broadcastState'],
  ),
  languageChanged: sessionMessage('languageChanged', { targetLanguage: languageCode }, ['targetLanguage']),
  captionsOnlyChanged: serverMessage('captionsOnlyChanged', { captionsOnly }, ['captionsOnly', 'requestId']),
  audioAck: serverMessage('audioAck', { sequenceNumber: seq }, ['sequenceNumber']),
  translatedAudio: sessionMessage(
    'translatedAudio',
    {
      targetLanguage: languageCode,
      sequenceNumber: seq,
      part: { type: 'integer', minimum: 0, maximum: MAX_AUDIO_PARTS - 1 },
      parts: { type: 'integer', minimum: 1, maximum: MAX_AUDIO_PARTS },
      format: { const: 'mp3' },
      audio: base64,
      durationMs: { type: 'number', minimum: 0 },
      transcript: text(10_000),
      sourceLanguage: languageCode,
      sourceText: text(10_000),
      emotion,
    },
    ['targetLanguage', 'sequenceNumber', 'part', 'parts', 'format', 'audio', 'durationMs', 'transcript'],
  ),
  transcript: sessionMessage(
    'transcript',
    {
      sequenceNumber: seq,
      sourceLanguage: languageCode,
      sourceText: text(10_000),
      targetLanguage: languageCode,
      translatedText: text(10_000),
    },
    ['sequenceNumber', 'sourceLanguage', 'sourceText', 'targetLanguage', 'translatedText'],
  ),
  replayComplete: sessionMessage(
    'replayComplete',
    {
      targetLanguage: languageCode,
      replayed: count,
      lastSequenceNumber: seq,
      missed: {
        type: 'object',
        required: ['fromSequenceNumber', 'toSequenceNumber'],
        properties: { fromSequenceNumber: seq, toSequenceNumber: seq },
      },
      windowMs: count,
    },
    ['targetLanguage', 'replayed', 'windowMs'],
  ),
  audioQualityWarning: serverMessage(
    'audioQualityWarning',
    {
      issue: { type: 'string', enum: AUDIO_QUALITY_ISSUES },
      message: text(4096),
      value: { type: 'number' },
      threshold: { type: 'number' },
    },
    ['issue', 'message', 'value', 'threshold'],
  ),
  connectionTimeout: serverMessage('connectionTimeout', { reason: text(1024) }, ['reason']),
  error: serverMessage(
    'error',
    {
      code: { type: 'string', enum: ERROR_CODES },
      message: text(4096),
      retryAfter: { type: 'number', minimum: 0 },
      action: { type: 'string', maxLength: 64 },
    },
    ['code', 'message', 'requestId'],
  ),
} as const satisfies Record<ServerMessageType, Schema>;

/**
 * Every field any server message type defines, with its one schema (a field name means the same in
 * every type that has it; a test checks there is no conflict).
 */
function serverMessageFields(): Schema {
  const fields: Schema = {};
  for (const type of SERVER_MESSAGE_TYPES) {
    const properties = SERVER_MESSAGE_SCHEMAS[type]['properties'] as Schema;
    for (const [name, schema] of Object.entries(properties)) {
      if (name === 'type') continue;
      if (name in fields && JSON.stringify(fields[name]) !== JSON.stringify(schema))
        throw new Error(`server message field '${name}' has two different schemas`);
      fields[name] = schema;
    }
  }
  return fields;
}

/**
 * Any server message: a known `type`, then that type's required fields; every field is checked
 * against its schema (SERVER_MESSAGE_SCHEMAS). Equivalent to "the schema of its type", written so
 * each field's check exists once in the generated validator, and the type picks its branch
 * (`discriminator`, an OpenAPI keyword ajv supports; elsewhere `oneOf` alone means the same, the
 * branches' `type` constants being exclusive). Clients drop (and report) a message that fails it.
 */
export const SERVER_MESSAGE_SCHEMA: Schema = {
  $id: 'server.message',
  type: 'object',
  required: ['type', 'timestamp'],
  properties: { ...serverMessageFields(), type: { type: 'string', enum: SERVER_MESSAGE_TYPES } },
  discriminator: { propertyName: 'type' },
  oneOf: SERVER_MESSAGE_TYPES.map((type) => ({
    properties: { type: { const: type } },
    required: SERVER_MESSAGE_SCHEMAS[type]['required'],
  })),
};
