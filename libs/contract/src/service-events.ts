import type { EmotionDynamics } from './emotion';

/**
 * Payloads of the Lambda invocations between services. They are part of the contract:
 * each service validates what it receives against the schemas in `schemas.ts`.
 */

/** session-management → audio-transcription, once per `sendAudio`. */
export interface AudioChunkEvent {
  kind: 'audioChunk';
  sessionId: string;
  sourceLanguage: string;
  /** The speaker's connection, to send `audioQualityWarning` and errors to. */
  speakerConnectionId: string;
  sequenceNumber: number;
  encoding: 'pcm_s16le';
  sampleRate: number;
  /** Base64 PCM. */
  audio: string;
  /** When session-management received the chunk (ms since epoch). */
  receivedAt: number;
  requestId: string;
}

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
export interface AudioFlushEvent {
  kind: 'audioFlush';
  sessionId: string;
  sourceLanguage: string;
  /** Where to report problems, when the speaker is connected. */
  speakerConnectionId?: string;
  requestId: string;
}

/** audio-transcription → audio-transcription (asynchronously): transcribe one claimed utterance. */
export interface UtteranceClaimedEvent {
  kind: 'utteranceClaimed';
  sessionId: string;
  sourceLanguage: string;
  speakerConnectionId?: string;
  /** Utterance number within the session, from 0. */
  sequenceNumber: number;
  /** Chunk sequence numbers, inclusive. */
  firstChunk: number;
  lastChunk: number;
  timings: Pick<StageTimings, 'lastChunkReceivedAt' | 'assembledAt'>;
  requestId: string;
}

/** audio-transcription → translation-pipeline, once per utterance. */
export interface UtteranceTranscribedEvent {
  kind: 'utteranceTranscribed';
  sessionId: string;
  sequenceNumber: number;
  sourceLanguage: string;
  text: string;
  emotion: EmotionDynamics;
  durationMs: number;
  /** Timings so the end-to-end latency can be broken down by stage (ms since epoch). */
  timings: StageTimings;
  requestId: string;
}

export interface StageTimings {
  /** The chunk that ended the utterance reached session-management. */
  lastChunkReceivedAt: number;
  /** The utterance was claimed for transcription. */
  assembledAt: number;
  transcribedAt: number;
}
