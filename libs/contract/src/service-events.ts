import type { SchemaType } from './derive';
import type {
  AUDIO_CHUNK_EVENT_SCHEMA,
  AUDIO_FLUSH_EVENT_SCHEMA,
  UTTERANCE_CLAIMED_EVENT_SCHEMA,
  UTTERANCE_PARTIAL_EVENT_SCHEMA,
  FOLLOW_AUDIO_EVENT_SCHEMA,
  UTTERANCE_TRANSCRIBED_EVENT_SCHEMA,
} from './schemas/events';

/**
 * Payloads of the Lambda invocations between services. They are part of the contract: each service
 * validates what it receives against the schemas in `schemas/events.ts`, and these types are derived
 * from the same schemas.
 */

/** session-management → audio-transcription, once per `sendAudio`. */
export type AudioChunkEvent = SchemaType<typeof AUDIO_CHUNK_EVENT_SCHEMA>;

/**
 * audio-transcription → session-management: the synchronous reply to an `AudioChunkEvent` (and the
 * value an `AudioFlushEvent` resolves to). `claimed` counts the utterances the chunk closed.
 *
 * @example
 * const reply: IngestResult = { ok: true, duplicate: false, claimed: 1 };
 * const refused: IngestResult = { ok: false, code: 'INVALID_PARAMETERS', message: 'audio must be base64' };
 */
export type IngestResult =
  { ok: true; duplicate: boolean; claimed: number } | { ok: false; code: string; message: string };

/** session-management → audio-transcription: close the utterance in progress (pause, end, speaker gone). */
export type AudioFlushEvent = SchemaType<typeof AUDIO_FLUSH_EVENT_SCHEMA>;

/** audio-transcription → audio-transcription (asynchronously): transcribe one claimed utterance. */
export type UtteranceClaimedEvent = SchemaType<typeof UTTERANCE_CLAIMED_EVENT_SCHEMA>;

/** audio-transcription → translation-pipeline, once per utterance. */
export type UtteranceTranscribedEvent = SchemaType<typeof UTTERANCE_TRANSCRIBED_EVENT_SCHEMA>;

/**
 * audio-transcription → translation-pipeline (asynchronously, at most a few per second per session):
 * the words heard so far of the utterance in progress, for the listeners who asked for live captions.
 */
export type UtterancePartialEvent = SchemaType<typeof UTTERANCE_PARTIAL_EVENT_SCHEMA>;

/** When each stage finished with an utterance (ms since epoch), for the end-to-end latency by stage. */
export type StageTimings = UtteranceTranscribedEvent['timings'];

/**
 * audio-transcription → audio-transcription (asynchronously): follow a session's stored audio with one
 * recognition stream per speaking period, under the session's stream lease (streaming recognition).
 */
export type FollowAudioEvent = SchemaType<typeof FOLLOW_AUDIO_EVENT_SCHEMA>;
