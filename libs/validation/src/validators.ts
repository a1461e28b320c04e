import { LIMITS } from '@lingocast/contract';
import type {
  AudioChunkEvent,
  AudioFlushEvent,
  UtteranceClaimedEvent,
  ClientAction,
  ClientMessage,
  ConnectQueryString,
  CreateSessionRequest,
  ErrorCode,
  UpdateSessionRequest,
  FollowAudioEvent,
  UtterancePartialEvent,
  UtteranceTranscribedEvent,
} from '@lingocast/contract';
import type { CompiledValidator, SchemaError } from './compiled-validator';
import { clientEnvelope, VALIDATORS } from './generated/service-validators';
import type { ValidatorName } from './generated/service-validators';

/** Outcome of a validation: the typed value, or an error code with a readable reason. */
export type Validated<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string };

// The validators are generated ahead of time from libs/contract's schemas (codegen.ts): nothing is
// compiled at run time. The envelope is imported by name, not read from VALIDATORS at load time, so
// a bundle that only parses server messages (the web pages) leaves the services' validators out.
const envelope: CompiledValidator = clientEnvelope;

function actionValidator(action: string): CompiledValidator | undefined {
  const name = `action_${action}`;
  return Object.prototype.hasOwnProperty.call(VALIDATORS, name)
    ? VALIDATORS[name as ValidatorName]
    : undefined;
}

/** Describes the first schema violation in words a client developer can act on. */
export function describeErrors(errors: readonly SchemaError[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return 'invalid value';
  const where = first.instancePath ? first.instancePath.slice(1).replace(/\//g, '.') : 'message';
  if (first.keyword === 'additionalProperties') {
    return `${where} has an unknown field '${String(first.params['additionalProperty'])}'`;
  }
  if (first.keyword === 'required') return `${where} needs '${String(first.params['missingProperty'])}'`;
  return `${where} ${first.message ?? 'is invalid'}`;
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** Parses JSON; malformed input is reported, never thrown. */
export function parseJson(raw: string): Validated<unknown> {
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, code: 'INVALID_MESSAGE', message: 'message is not valid JSON' };
  }
}

/**
 * Parses and validates a raw WebSocket frame from a client: size limits, JSON, a known action,
 * then that action's schema.
 *
 * @example
 * const result = parseClientMessage('{"action":"heartbeat"}');
 * if (result.ok) handle(result.value);
 */
export function parseClientMessage(raw: string | null | undefined): Validated<ClientMessage> {
  if (raw === null || raw === undefined || raw === '') {
    return { ok: false, code: 'INVALID_MESSAGE', message: 'message body is empty' };
  }
  const size = byteLength(raw);
  if (size > LIMITS.maxMessageBytes) {
    return {
      ok: false,
      code: 'MESSAGE_TOO_LARGE',
      message: `message is ${size} bytes; the limit is ${LIMITS.maxMessageBytes}`,
    };
  }
  const parsed = parseJson(raw);
  if (!parsed.ok) return parsed;
  if (!envelope(parsed.value)) {
    return { ok: false, code: 'INVALID_MESSAGE', message: describeErrors(envelope.errors) };
  }
  const actionName = (parsed.value as { action: string }).action;
  const validate = actionValidator(actionName);
  if (!validate) return { ok: false, code: 'INVALID_ACTION', message: `unknown action '${actionName}'` };
  const limit = actionName === 'sendAudio' ? LIMITS.maxAudioMessageBytes : LIMITS.maxControlMessageBytes;
  if (size > limit) {
    return {
      ok: false,
      code: 'MESSAGE_TOO_LARGE',
      message: `${actionName} message is ${size} bytes; the limit is ${limit}`,
    };
  }
  if (!validate(parsed.value)) {
    return { ok: false, code: 'INVALID_PARAMETERS', message: describeErrors(validate.errors) };
  }
  const message = parsed.value as ClientMessage;
  if (message.action === 'sendAudio' && decodedByteLength(message.audio) % 2 !== 0) {
    // Checked here, before any rate limit counts the chunk or it travels to audio-transcription.
    return {
      ok: false,
      code: 'INVALID_PARAMETERS',
      message: 'audio must be whole PCM16 samples: an even number of bytes once base64-decoded',
    };
  }
  return { ok: true, value: message };
}

/** Bytes that a base64 text (padded or not) decodes to, without decoding it. */
export function decodedByteLength(base64: string): number {
  const unpadded = base64.endsWith('==')
    ? base64.length - 2
    : base64.endsWith('=')
      ? base64.length - 1
      : base64.length;
  return Math.floor((unpadded * 3) / 4);
}

/** Reads the `requestId` a client put in a message, even one that failed validation. */
export function peekRequestId(raw: string | null | undefined): string | undefined {
  if (!raw || raw.length > LIMITS.maxMessageBytes) return undefined;
  try {
    const value = JSON.parse(raw) as unknown;
    if (value && typeof value === 'object' && 'requestId' in value) {
      const id = (value as { requestId: unknown }).requestId;
      return typeof id === 'string' && id.length <= 128 ? id : undefined;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** Reads the action name of a raw message, for logs and error replies. */
export function peekAction(raw: string | null | undefined): ClientAction | string | undefined {
  if (!raw || raw.length > LIMITS.maxMessageBytes) return undefined;
  try {
    const value = JSON.parse(raw) as { action?: unknown };
    return typeof value?.action === 'string' ? value.action.slice(0, 64) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs a generated validator: the typed value, or INVALID_PARAMETERS with the first violation in words. */
export function validateWith<T>(validate: CompiledValidator, value: unknown): Validated<T> {
  if (validate(value)) return { ok: true, value: value as T };
  return { ok: false, code: 'INVALID_PARAMETERS', message: describeErrors(validate.errors) };
}

/**
 * A `$connect` query string once validated: its fields (schemas/http.ts), `captionsOnly` and
 * `liveCaptions` booleans.
 */
export type ConnectQuery = Omit<ConnectQueryString, 'captionsOnly' | 'liveCaptions'> & {
  /** Listeners only: captions without audio (`captionsOnly=true` in the query string). */
  captionsOnly?: boolean;
  /** Listeners only: also `transcriptPartial` while the speaker talks (`liveCaptions=true`). */
  liveCaptions?: boolean;
};

/**
 * Validates the query string of a WebSocket `$connect`; `captionsOnly=true|false` and
 * `liveCaptions=true|false` become booleans.
 *
 * @example
 * const query = validateConnectQuery({ sessionId: 'golden-eagle-427', targetLanguage: 'es', captionsOnly: 'true' });
 * // → { ok: true, value: { sessionId: 'golden-eagle-427', targetLanguage: 'es', captionsOnly: true } }
 */
export function validateConnectQuery(
  query: Record<string, string | undefined> | null | undefined,
): Validated<ConnectQuery> {
  const validated = validateWith<ConnectQueryString>(VALIDATORS.connectQuery, query ?? {});
  if (!validated.ok) return validated;
  const { captionsOnly, liveCaptions, ...value } = validated.value;
  return {
    ok: true,
    value: {
      ...value,
      ...(captionsOnly === undefined ? {} : { captionsOnly: captionsOnly === 'true' }),
      ...(liveCaptions === undefined ? {} : { liveCaptions: liveCaptions === 'true' }),
    },
  };
}

/** Parses and validates the JSON body of `POST /sessions`. */
export function parseCreateSessionBody(raw: string | null | undefined): Validated<CreateSessionRequest> {
  const parsed = parseJson(raw ?? '{}');
  if (!parsed.ok) return parsed;
  return validateWith<CreateSessionRequest>(VALIDATORS.createSessionBody, parsed.value);
}

/** Parses and validates the JSON body of `PATCH /sessions/{id}`. */
export function parseUpdateSessionBody(raw: string | null | undefined): Validated<UpdateSessionRequest> {
  const parsed = parseJson(raw ?? '{}');
  if (!parsed.ok) return parsed;
  return validateWith<UpdateSessionRequest>(VALIDATORS.updateSessionBody, parsed.value);
}

/** Validates the payload audio-transcription receives for each chunk. */
export function validateAudioChunkEvent(value: unknown): Validated<AudioChunkEvent> {
  return validateWith<AudioChunkEvent>(VALIDATORS.audioChunkEvent, value);
}

/** Validates a request to close the utterance in progress. */
export function validateAudioFlushEvent(value: unknown): Validated<AudioFlushEvent> {
  return validateWith<AudioFlushEvent>(VALIDATORS.audioFlushEvent, value);
}

/** Validates the payload of audio-transcription's own transcription step. */
export function validateUtteranceClaimedEvent(value: unknown): Validated<UtteranceClaimedEvent> {
  return validateWith<UtteranceClaimedEvent>(VALIDATORS.utteranceClaimedEvent, value);
}

/** Validates the payload translation-pipeline receives for each utterance. */
export function validateUtteranceTranscribedEvent(value: unknown): Validated<UtteranceTranscribedEvent> {
  return validateWith<UtteranceTranscribedEvent>(VALIDATORS.utteranceTranscribedEvent, value);
}

/** Validates the words-so-far event translation-pipeline receives while the speaker talks. */
export function validateUtterancePartialEvent(value: unknown): Validated<UtterancePartialEvent> {
  return validateWith<UtterancePartialEvent>(VALIDATORS.utterancePartialEvent, value);
}

/** Validates the start of a follower of a session's audio (audio-transcription's streaming recognition). */
export function validateFollowAudioEvent(value: unknown): Validated<FollowAudioEvent> {
  return validateWith<FollowAudioEvent>(VALIDATORS.followAudioEvent, value);
}
