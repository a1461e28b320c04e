import type { ServerMessage, UtteranceClaimedEvent, UtteranceTranscribedEvent } from '@lingocast/contract';

export type {
  AudioStore,
  ChunkToStore,
  ClaimFence,
  StoredChunk,
  StreamCursor,
  QualityWarningKind,
} from './audio-store';
export type { SpeechToText, Transcription, UtteranceAudio } from './speech-to-text';
export type {
  CuttableSpeechStream,
  FinalSpeechResult,
  PartialSpeechResult,
  SegmentText,
  SpeechStream,
  SpeechStreamRequest,
  SpeechStreamResult,
  StreamingSpeechToText,
} from './speech-stream';
export type { StreamLease, StreamLeases } from './stream-lease';
export type { Clock } from '@lingocast/lambda';

/** Starts the transcription of a claimed utterance (asynchronously, so ingestion stays fast). */
export interface UtteranceScheduler {
  schedule(event: UtteranceClaimedEvent): Promise<void>;
}

/** Hands a transcribed utterance to translation-pipeline. */
export interface TranslationSink {
  submit(event: UtteranceTranscribedEvent): Promise<void>;
}

/** Tells the speaker about audio problems and failures. */
export interface SpeakerNotifier {
  notify(connectionId: string, message: ServerMessage): Promise<void>;
}
