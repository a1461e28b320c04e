import { AUDIO_ENCODINGS, SAMPLE_RATES } from '../limits';
import { base64, emotion, languageCode, requestId, seq, sessionId } from './shared';

// Payloads of the Lambda invocations between services (service-events.ts names their types).

const stageTimings = {
  /** The chunk that ended the utterance reached session-management. */
  lastChunkReceivedAt: { type: 'number' },
  /** The utterance was claimed for transcription. */
  assembledAt: { type: 'number' },
  transcribedAt: { type: 'number' },
} as const;

export const AUDIO_CHUNK_EVENT_SCHEMA = {
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
    /** The speaker's connection, to send `audioQualityWarning` and errors to. */
    speakerConnectionId: { type: 'string', minLength: 1 },
    sequenceNumber: seq,
    encoding: { enum: AUDIO_ENCODINGS },
    sampleRate: { type: 'integer', enum: SAMPLE_RATES },
    /** Base64 PCM. */
    audio: base64,
    /** When session-management received the chunk (ms since epoch). */
    receivedAt: { type: 'number' },
    requestId,
  },
} as const;

export const AUDIO_FLUSH_EVENT_SCHEMA = {
  $id: 'event.audioFlush',
  type: 'object',
  required: ['kind', 'sessionId', 'sourceLanguage', 'requestId'],
  properties: {
    kind: { const: 'audioFlush' },
    sessionId,
    sourceLanguage: languageCode,
    /** Where to report problems, when the speaker is connected. */
    speakerConnectionId: { type: 'string', minLength: 1 },
    requestId,
  },
} as const;

export const UTTERANCE_CLAIMED_EVENT_SCHEMA = {
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
    /** Utterance number within the session, from 0. */
    sequenceNumber: seq,
    /** Chunk sequence numbers, inclusive. */
    firstChunk: seq,
    lastChunk: seq,
    timings: {
      type: 'object',
      required: ['lastChunkReceivedAt', 'assembledAt'],
      properties: {
        lastChunkReceivedAt: stageTimings.lastChunkReceivedAt,
        assembledAt: stageTimings.assembledAt,
      },
    },
    requestId,
  },
} as const;

export const UTTERANCE_TRANSCRIBED_EVENT_SCHEMA = {
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
    /** Timings so the end-to-end latency can be broken down by stage (ms since epoch). */
    timings: {
      type: 'object',
      required: ['lastChunkReceivedAt', 'assembledAt', 'transcribedAt'],
      properties: stageTimings,
    },
    requestId,
  },
} as const;

export const UTTERANCE_PARTIAL_EVENT_SCHEMA = {
  $id: 'event.utterancePartial',
  type: 'object',
  required: ['kind', 'sessionId', 'sourceLanguage', 'sequenceNumber', 'text', 'emittedAt', 'requestId'],
  properties: {
    kind: { const: 'utterancePartial' },
    sessionId,
    sourceLanguage: languageCode,
    /** The number the utterance in progress will most likely get. */
    sequenceNumber: seq,
    /** The words heard so far of that utterance; may be empty. */
    text: { type: 'string', maxLength: 2000 },
    /** When the recogniser gave these words (ms since epoch). */
    emittedAt: { type: 'number', minimum: 0 },
    requestId,
  },
} as const;

export const FOLLOW_AUDIO_EVENT_SCHEMA = {
  $id: 'event.followAudio',
  type: 'object',
  required: ['kind', 'sessionId', 'sourceLanguage', 'requestId'],
  properties: {
    kind: { const: 'followAudio' },
    sessionId,
    sourceLanguage: languageCode,
    /** Why this owner was started: audio found the session unfollowed, or the previous owner handed over. */
    reason: { type: 'string', enum: ['audio', 'handover'] },
    requestId,
  },
} as const;
