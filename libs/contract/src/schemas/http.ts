import { languageCode, qualityTier, sessionId, sessionStatus } from './shared';

const connectionIdParameter = { type: 'string', pattern: '^[A-Za-z0-9_=+/-]{1,128}$' } as const;

/** Query string of a WebSocket `$connect`. */
export const CONNECT_QUERY_SCHEMA = {
  $id: 'connect.query',
  type: 'object',
  required: ['sessionId'],
  properties: {
    sessionId,
    targetLanguage: languageCode,
    token: { type: 'string', minLength: 1, maxLength: 8192 },
    /** A refresh: the connection this one replaces (refused when it is gone). */
    previousConnectionId: connectionIdParameter,
    /** A reconnect: the connection this one takes over when it is still registered (else a normal connect). */
    resumeConnectionId: connectionIdParameter,
    // Listeners only; query strings carry text, so the flag is the word `true` or `false`.
    captionsOnly: { type: 'string', enum: ['true', 'false'] },
    // Listeners only: also get `transcriptPartial` while the speaker talks (`true` or `false`).
    liveCaptions: { type: 'string', enum: ['true', 'false'] },
  },
} as const;

/** Body of `POST /sessions`. */
export const CREATE_SESSION_BODY_SCHEMA = {
  $id: 'http.createSession',
  type: 'object',
  additionalProperties: false,
  required: ['sourceLanguage'],
  properties: { sourceLanguage: languageCode, qualityTier },
} as const;

/** Body of `PATCH /sessions/{id}`: at least one field. */
export const UPDATE_SESSION_BODY_SCHEMA = {
  $id: 'http.updateSession',
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: { status: sessionStatus, sourceLanguage: languageCode, qualityTier },
} as const;
