import { AUDIO_ENCODINGS, SAMPLE_RATES } from '../limits';
import { MAX_REPLAY_RECENT } from '../client-messages';
import { base64, languageCode, qualityTier, requestId, seq } from './shared';
import type { SchemaProperties } from './shared';

/**
 * One client action: `action` and an optional `requestId` (the reply or `error` echoes it), then the
 * action's own fields; nothing else.
 */
function action<
  const A extends string,
  const P extends SchemaProperties = Record<never, never>,
  const R extends readonly string[] = readonly [],
>(name: A, properties: P = {} as P, required: R = [] as unknown as R) {
  return {
    $id: `client.${name}`,
    type: 'object',
    additionalProperties: false,
    required: ['action', ...required],
    properties: {
      action: { const: name },
      /** Echoed by the reply or the `error` this action gets. */
      requestId,
      ...properties,
    },
  } as const;
}

// Built in a pure call, so a bundle that never reads the schemas (the web pages) leaves them out.
/** Schemas of the client → server actions, by action name. */
export const CLIENT_MESSAGE_SCHEMAS = /* @__PURE__ */ (() =>
  ({
    createSession: action('createSession', { sourceLanguage: languageCode, qualityTier }, ['sourceLanguage']),
    joinSession: action('joinSession'),
    heartbeat: action('heartbeat'),
    refreshConnection: action(
      'refreshConnection',
      {
        /** The connection being replaced (the one that got `connectionRefreshRequired`). */
        previousConnectionId: { type: 'string', minLength: 1, maxLength: 128 },
      },
      ['previousConnectionId'],
    ),
    sendAudio: action(
      'sendAudio',
      {
        /** Chunk number within the session's stream, from 0, without gaps. */
        sequenceNumber: seq,
        /** Base64 of the raw samples. */
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
    setLiveCaptions: action(
      'setLiveCaptions',
      {
        /** True: also get `transcriptPartial` (the words heard so far) while the speaker talks. */
        liveCaptions: { type: 'boolean' },
      },
      ['liveCaptions'],
    ),
    replay: {
      ...action('replay', {
        /** -1: from the session's first utterance (a listener greeted before anything was said). */
        afterSequenceNumber: { type: 'integer', minimum: -1, maximum: Number.MAX_SAFE_INTEGER },
        /** 1…{@link MAX_REPLAY_RECENT}. */
        recent: { type: 'integer', minimum: 1, maximum: MAX_REPLAY_RECENT },
        /** Captions only for this replay, even for a listener who gets audio live (default false). */
        captionsOnly: { type: 'boolean' },
      }),
      // Exactly one of the two: what was missed, or a late joiner's history.
      oneOf: [{ required: ['afterSequenceNumber'] }, { required: ['recent'] }],
    },
  }) as const)();

/** Any client message must at least be an object naming its action. */
export const CLIENT_ENVELOPE_SCHEMA = {
  $id: 'client.envelope',
  type: 'object',
  required: ['action'],
  properties: { action: { type: 'string', minLength: 1, maxLength: 64 }, requestId },
} as const;
