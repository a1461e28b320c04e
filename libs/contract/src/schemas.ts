import { AUDIO_ENCODINGS, SAMPLE_RATES } from './limits';
import { LANGUAGE_CODE_PATTERN, QUALITY_TIERS, SESSION_ID_PATTERN, SESSION_STATUSES } from './session';
import { ERROR_CODES } from './error-codes';

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
} as const satisfies Record<string, Schema>;

/** Any client message must at least be an object naming its action. */
export const CLIENT_ENVELOPE_SCHEMA: Schema = {
  $id: 'client.envelope',
  type: 'object',
  required: ['action'],
  properties: { action: { type: 'string', minLength: 1, maxLength: 64 }, requestId },
};

/** Query string of a WebSocket `$connect`. */
export const CONNECT_QUERY_SCHEMA: Schema = {
  $id: 'connect.query',
  type: 'object',
  required: ['sessionId'],
  properties: {
    sessionId,
    targetLanguage: languageCode,
    token: { type: 'string', minLength: 1, maxLength: 8192 },
    previousConnectionId: { type: 'string', pattern: '^[A-Za-z0-9_=+/-]{1,128}$' },
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

/** Server messages, loosely: clients check the envelope and the fields they read. */
export const SERVER_MESSAGE_SCHEMA: Schema = {
  $id: 'server.message',
  type: 'object',
  required: ['type', 'timestamp'],
  properties: { type: { type: 'string' }, timestamp: { type: 'number' } },
  allOf: [
    {
      if: { properties: { type: { const: 'error' } } },
      then: {
        required: ['code', 'message', 'requestId'],
        properties: {
          code: { enum: ERROR_CODES },
          message: { type: 'string' },
          requestId: { type: 'string' },
        },
      },
    },
    {
      if: { properties: { type: { const: 'translatedAudio' } } },
      then: {
        required: [
          'sessionId',
          'targetLanguage',
          'sequenceNumber',
          'part',
          'parts',
          'format',
          'audio',
          'transcript',
        ],
        properties: { sequenceNumber: seq, part: seq, parts: { type: 'integer', minimum: 1 }, audio: base64 },
      },
    },
  ],
};
