import type { ClientAction, ClientMessageOf } from './client-messages';
import type { SchemaType } from './derive';
import {
  AUDIO_CHUNK_EVENT_SCHEMA,
  AUDIO_FLUSH_EVENT_SCHEMA,
  CLIENT_MESSAGE_SCHEMAS,
  CONNECT_QUERY_SCHEMA,
  CREATE_SESSION_BODY_SCHEMA,
  SERVER_MESSAGE_SCHEMAS,
  UPDATE_SESSION_BODY_SCHEMA,
  UTTERANCE_CLAIMED_EVENT_SCHEMA,
  UTTERANCE_PARTIAL_EVENT_SCHEMA,
  UTTERANCE_TRANSCRIBED_EVENT_SCHEMA,
} from './schemas';
import type { ServerMessageOf, ServerMessageType } from './server-messages';
import type {
  AudioChunkEvent,
  AudioFlushEvent,
  UtteranceClaimedEvent,
  UtterancePartialEvent,
  UtteranceTranscribedEvent,
} from './service-events';
import type {
  ConnectQueryString,
  CreateSessionRequest,
  Session,
  SessionStatus,
  UpdateSessionRequest,
} from './session';

// The type-level half of this file is checked by `tsc` (the typecheck target; jest only transpiles):
// each `Assert<…>` below stops the build when a message type no longer has exactly its schema's
// fields, required exactly where the schema requires them.

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type Properties<S> = S extends { readonly properties: infer P } ? keyof P : never;
type RequiredOf<S> = S extends { readonly required: readonly (infer R)[] } ? R : never;

/** True when T has exactly S's properties, and requires exactly what S requires. */
type Matches<S, T> = [Equal<keyof T, Properties<S>>, Equal<RequiredKeys<T>, RequiredOf<S>>] extends [
  true,
  true,
]
  ? true
  : false;
type Mismatches<Map> = { [K in keyof Map]: Map[K] extends true ? never : K }[keyof Map];

type ClientDrift = Mismatches<{
  [A in ClientAction]: Matches<(typeof CLIENT_MESSAGE_SCHEMAS)[A], ClientMessageOf<A>>;
}>;
type ServerDrift = Mismatches<{
  [T in ServerMessageType]: Matches<(typeof SERVER_MESSAGE_SCHEMAS)[T], ServerMessageOf<T>>;
}>;
type OtherDrift = Mismatches<{
  audioChunk: Matches<typeof AUDIO_CHUNK_EVENT_SCHEMA, AudioChunkEvent>;
  audioFlush: Matches<typeof AUDIO_FLUSH_EVENT_SCHEMA, AudioFlushEvent>;
  utteranceClaimed: Matches<typeof UTTERANCE_CLAIMED_EVENT_SCHEMA, UtteranceClaimedEvent>;
  utteranceTranscribed: Matches<typeof UTTERANCE_TRANSCRIBED_EVENT_SCHEMA, UtteranceTranscribedEvent>;
  utterancePartial: Matches<typeof UTTERANCE_PARTIAL_EVENT_SCHEMA, UtterancePartialEvent>;
  connectQuery: Matches<typeof CONNECT_QUERY_SCHEMA, ConnectQueryString>;
  createSession: Matches<typeof CREATE_SESSION_BODY_SCHEMA, CreateSessionRequest>;
  updateSession: Matches<typeof UPDATE_SESSION_BODY_SCHEMA, UpdateSessionRequest>;
  session: Matches<(typeof SERVER_MESSAGE_SCHEMAS)['sessionCreated']['properties']['session'], Session>;
}>;

// Every message type, event and body has its schema's fields: no names listed means no drift.
export type _NoDrift = [
  Assert<Equal<ClientDrift, never>>,
  Assert<Equal<ServerDrift, never>>,
  Assert<Equal<OtherDrift, never>>,
];

// How the derivation reads the keywords the contract uses.
const _closed = {
  type: 'object',
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: 'string' },
    count: { type: 'integer', minimum: 0 },
    kind: { const: 'closed' },
    status: { type: 'string', enum: ['active', 'paused', 'ended'] as readonly SessionStatus[] },
  },
} as const;
const _open = {
  type: 'object',
  required: ['nested', 'counts'],
  properties: {
    nested: {
      type: 'object',
      required: ['at'],
      properties: { at: { type: 'number' }, by: { type: 'string' } },
    },
    counts: { type: 'object', additionalProperties: { type: 'integer' } },
  },
} as const;
export type _Derivation = [
  Assert<
    Equal<SchemaType<typeof _closed>, { id: string; count?: number; kind?: 'closed'; status?: SessionStatus }>
  >,
  // An open object names only its properties (no `[x: string]: unknown`); a map stays a record.
  Assert<
    Equal<SchemaType<typeof _open>, { nested: { at: number; by?: string }; counts: Record<string, number> }>
  >,
  // `replay` keeps both of its one-of fields optional, as it was written by hand.
  Assert<Equal<RequiredKeys<ClientMessageOf<'replay'>>, 'action'>>,
  // Answers that must echo the request say so in the type.
  Assert<Equal<ServerMessageOf<'error'>['requestId'], string>>,
  Assert<Equal<ServerMessageOf<'captionsOnlyChanged'>['requestId'], string>>,
  Assert<Equal<ServerMessageOf<'liveCaptionsChanged'>['requestId'], string>>,
  // A partial may come without its session (the speaker's connection knows it).
  Assert<
    Equal<
      RequiredKeys<ServerMessageOf<'transcriptPartial'>>,
      'type' | 'timestamp' | 'sequenceNumber' | 'sourceLanguage' | 'text'
    >
  >,
];

/** Every schema a type is derived from, by the type's name. */
const DERIVED_FROM: Record<string, unknown> = {
  ...Object.fromEntries(Object.entries(CLIENT_MESSAGE_SCHEMAS).map(([action, schema]) => [action, schema])),
  ...Object.fromEntries(Object.entries(SERVER_MESSAGE_SCHEMAS).map(([type, schema]) => [type, schema])),
  AudioChunkEvent: AUDIO_CHUNK_EVENT_SCHEMA,
  AudioFlushEvent: AUDIO_FLUSH_EVENT_SCHEMA,
  UtteranceClaimedEvent: UTTERANCE_CLAIMED_EVENT_SCHEMA,
  UtteranceTranscribedEvent: UTTERANCE_TRANSCRIBED_EVENT_SCHEMA,
  UtterancePartialEvent: UTTERANCE_PARTIAL_EVENT_SCHEMA,
  ConnectQueryString: CONNECT_QUERY_SCHEMA,
  CreateSessionRequest: CREATE_SESSION_BODY_SCHEMA,
  UpdateSessionRequest: UPDATE_SESSION_BODY_SCHEMA,
};

/** `path: field` for every field an object schema (or one nested in it) requires but does not describe. */
function undescribedRequiredFields(schema: unknown, path: string): string[] {
  if (schema === null || typeof schema !== 'object') return [];
  const { required, properties } = schema as { required?: readonly string[]; properties?: object };
  const described = Object.keys(properties ?? {});
  const missing = (properties ? (required ?? []) : []).filter((field) => !described.includes(field));
  return [
    ...missing.map((field) => `${path}: ${field}`),
    ...Object.entries(properties ?? {}).flatMap(([name, field]) =>
      undescribedRequiredFields(field, `${path}.${name}`),
    ),
  ];
}

describe('the schemas the message types are derived from', () => {
  it('describe every field they require, so no derived field is typed unknown', () => {
    // Act
    const undescribed = Object.entries(DERIVED_FROM).flatMap(([name, schema]) =>
      undescribedRequiredFields(schema, name),
    );

    // Assess
    expect(undescribed).toEqual([]);
  });

  it('finds a required field that is not described', () => {
    // Prepare
    const schema = {
      type: 'object',
      required: ['a', 'b'],
      properties: { a: {}, c: { required: ['d'], properties: {} } },
    };

    // Act
    const undescribed = undescribedRequiredFields(schema, 'example');

    // Assess
    expect(undescribed).toEqual(['example: b', 'example.c: d']);
  });
});
