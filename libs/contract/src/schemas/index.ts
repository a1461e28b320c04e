/**
 * JSON Schemas (draft-07) for every message on the wire. One source for the services, the clients,
 * the tests and the message types (derived from these schemas: derive.ts); `@lingocast/validation`
 * compiles them once, ahead of time.
 */
export { CLIENT_ENVELOPE_SCHEMA, CLIENT_MESSAGE_SCHEMAS } from './client';
export { CONNECT_QUERY_SCHEMA, CREATE_SESSION_BODY_SCHEMA, UPDATE_SESSION_BODY_SCHEMA } from './http';
export {
  AUDIO_CHUNK_EVENT_SCHEMA,
  AUDIO_FLUSH_EVENT_SCHEMA,
  UTTERANCE_CLAIMED_EVENT_SCHEMA,
  UTTERANCE_PARTIAL_EVENT_SCHEMA,
  FOLLOW_AUDIO_EVENT_SCHEMA,
  UTTERANCE_TRANSCRIBED_EVENT_SCHEMA,
} from './events';
export { SERVER_MESSAGE_SCHEMAS } from './server';
export { SERVER_MESSAGE_SCHEMA } from './server-message';
