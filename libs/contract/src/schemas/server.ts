import { ERROR_CODES } from '../error-codes';
import { AUDIO_QUALITY_ISSUES } from '../emotion';
import { MAX_AUDIO_PARTS } from '../server-messages';
import type { ServerMessageType } from '../server-messages';
import { base64, emotion, languageCode, qualityTier, seq, sessionId, sessionStatus } from './shared';
import type { SchemaProperties } from './shared';

const serverRequestId = { type: 'string', maxLength: 256 } as const;
const role = { type: 'string', enum: ['speaker', 'listener'] } as const;
const connectionId = { type: 'string', minLength: 1, maxLength: 128 } as const;
const count = { type: 'integer', minimum: 0 } as const;
const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;
const isoTime = { type: 'string', minLength: 1, maxLength: 64 } as const;
const captionsOnly = { type: 'boolean' } as const;
const liveCaptions = { type: 'boolean' } as const;
const broadcastState = {
  type: 'object',
  required: ['paused', 'muted', 'volume'],
  properties: {
    paused: { type: 'boolean' },
    muted: { type: 'boolean' },
    /** 0 (silent) … 1 (as spoken). */
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
    /** ISO-8601 timestamps. */
    createdAt: isoTime,
    updatedAt: isoTime,
    expiresAt: isoTime,
    /**
     * Listeners the session admits (the capacity in force), so a page can say "full" before it
     * connects; `GET /sessions/{id}` gives it.
     */
    maxListeners: { type: 'integer', minimum: 1 },
  },
} as const;

/**
 * One server message type: `type` and `timestamp` always, `requestId` when it answers an action, and
 * the type's own fields. Unknown extra fields are allowed (a server may add optional fields without
 * breaking deployed clients); unknown types are not.
 */
function serverMessage<
  const T extends ServerMessageType,
  const P extends SchemaProperties = Record<never, never>,
  const R extends readonly string[] = readonly [],
>(type: T, properties: P = {} as P, required: R = [] as unknown as R) {
  return {
    type: 'object',
    required: ['type', 'timestamp', ...required],
    properties: {
      type: { const: type },
      /** When the server sent the message (ms since epoch). */
      timestamp: { type: 'number', minimum: 0 },
      /** Echo of the client's `requestId` when this message answers an action. */
      requestId: serverRequestId,
      ...properties,
    },
  } as const;
}

/** A server message about one session: `sessionId` first among its fields, and required. */
function sessionMessage<
  const T extends ServerMessageType,
  const P extends SchemaProperties = Record<never, never>,
  const R extends readonly string[] = readonly [],
>(type: T, properties: P = {} as P, required: R = [] as unknown as R) {
  return serverMessage(type, { sessionId, ...properties }, ['sessionId', ...required]);
}

const connectionLifecycle = <const T extends ServerMessageType>(type: T) =>
  sessionMessage(type, { role, connectionId }, ['role', 'connectionId']);

// Built in a pure call, so a bundle that never reads the schemas (the web pages) leaves them out.
/** The schema of each server → client message type, complete: required fields, types and enums. */
export const SERVER_MESSAGE_SCHEMAS = /* @__PURE__ */ (() =>
  ({
    sessionCreated: serverMessage('sessionCreated', { session }, ['session']),
    sessionJoined: sessionMessage(
      'sessionJoined',
      {
        role,
        connectionId,
        sourceLanguage: languageCode,
        /** Listeners only. */
        targetLanguage: languageCode,
        status: sessionStatus,
        broadcastState,
        listenerCount: count,
        /** Listeners only: true when this connection gets captions without audio. */
        captionsOnly,
        /** Listeners only: true when this connection also gets `transcriptPartial` (live captions). */
        liveCaptions,
        /**
         * Listeners only: the session's newest utterance number when it was greeted (absent when the
         * session has none yet); a listener that drops before its first utterance replays after it.
         */
        lastSequenceNumber: seq,
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
        /** Seconds since the session was created. */
        sessionDuration: { type: 'number', minimum: 0 },
        broadcastState,
      },
      ['status', 'listenerCount', 'languageDistribution', 'sessionDuration', 'broadcastState'],
    ),
    languageChanged: sessionMessage('languageChanged', { targetLanguage: languageCode }, ['targetLanguage']),
    captionsOnlyChanged: serverMessage('captionsOnlyChanged', { captionsOnly }, [
      'captionsOnly',
      'requestId',
    ]),
    liveCaptionsChanged: serverMessage('liveCaptionsChanged', { liveCaptions }, [
      'liveCaptions',
      'requestId',
    ]),
    audioAck: serverMessage('audioAck', { sequenceNumber: seq }, ['sequenceNumber']),
    translatedAudio: sessionMessage(
      'translatedAudio',
      {
        targetLanguage: languageCode,
        /** Utterance number within the session, from 0. */
        sequenceNumber: seq,
        part: { type: 'integer', minimum: 0, maximum: MAX_AUDIO_PARTS - 1 },
        parts: { type: 'integer', minimum: 1, maximum: MAX_AUDIO_PARTS },
        format: { const: 'mp3' },
        /** Base64 of this part's bytes. */
        audio: base64,
        durationMs: { type: 'number', minimum: 0 },
        /** The caption in `targetLanguage` (the `transcript` message's `translatedText`). */
        transcript: text(10_000),
        /**
         * Present when the caption rides in this message instead of a separate `transcript` (with
         * `sourceText`): the client turns the first part it gets into its `transcript` event.
         */
        sourceLanguage: languageCode,
        /** The recognised text in `sourceLanguage`; present with it. */
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
    transcriptPartial: serverMessage(
      'transcriptPartial',
      {
        sessionId,
        /** The utterance these words will most likely belong to (its `transcript`'s number). */
        sequenceNumber: seq,
        sourceLanguage: languageCode,
        /** The words heard so far, in `sourceLanguage`; may be empty. */
        text: text(2000),
      },
      ['sequenceNumber', 'sourceLanguage', 'text'],
    ),
    replayComplete: sessionMessage(
      'replayComplete',
      {
        targetLanguage: languageCode,
        /** Utterances sent before this message. */
        replayed: count,
        /** The newest utterance number of the session in this language, when there is one. */
        lastSequenceNumber: seq,
        missed: {
          type: 'object',
          required: ['fromSequenceNumber', 'toSequenceNumber'],
          properties: { fromSequenceNumber: seq, toSequenceNumber: seq },
        },
        /** How far back the window reaches, in ms. */
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
        /** Seconds to wait before trying again (rate limits). */
        retryAfter: { type: 'number', minimum: 0 },
        /** The action that failed, when known. */
        action: { type: 'string', maxLength: 64 },
      },
      ['code', 'message', 'requestId'],
    ),
  }) as const satisfies Record<ServerMessageType, unknown>)();
