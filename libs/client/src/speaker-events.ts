import type { AudioQualityWarningMessage, Session, TranscriptMessage } from '@lingocast/contract';
import type { ClientEvents } from './client-events';
import type { EventAliases } from './emitter';

/** The speaker's events, named as docs/client.md ("Event names") says; the deprecated ones still fire. */
export interface SpeakerEvents extends ClientEvents {
  sessionCreated: (session: Session) => void;
  /** A chunk was stored by the server; emitted once per sequence number. */
  audioAck: (sequenceNumber: number) => void;
  audioQualityWarning: (message: AudioQualityWarningMessage) => void;
  /** What the system recognised of the speaker's own speech (`sourceText`), each utterance once. */
  transcript: (message: TranscriptMessage) => void;
  /** @deprecated Use `broadcastPaused`; still emitted, right after it. */
  paused: () => void;
  /** @deprecated Use `broadcastResumed`; still emitted, right after it. */
  resumed: () => void;
}

/** The speaker's names before one convention (docs/decisions.md #39), emitted after the current ones. */
export const SPEAKER_DEPRECATED_NAMES: EventAliases<SpeakerEvents> = {
  stateChanged: 'stateChange',
  broadcastPaused: 'paused',
  broadcastResumed: 'resumed',
};
