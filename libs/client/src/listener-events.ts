import type { LanguageChangedMessage, ReplayCompleteMessage, TranscriptMessage } from '@lingocast/contract';
import type { ReceivedAudio } from './audio-assembler';
import type { MissedUtterances } from './replay-tracker';
import type { ClientEvents } from './client-events';
import type { EventAliases } from './emitter';

/** The listener's events, named as docs/client.md ("Event names") says; the deprecated ones still fire. */
export interface ListenerEvents extends ClientEvents {
  /** One utterance's translated speech, complete (parts joined), each utterance once. */
  audioReceived: (audio: ReceivedAudio) => void;
  /** Captions of one utterance, each once. */
  transcript: (message: TranscriptMessage) => void;
  languageChanged: (message: LanguageChangedMessage) => void;
  /**
   * A replay this client asked for (after a re-join, a hole, or `history`) is over: the utterances
   * it brought were delivered (in order, each once) before this event.
   */
  replayComplete: (message: ReplayCompleteMessage) => void;
  /**
   * Utterances said while the listener was away that the server no longer holds (older than its
   * replay window): they cannot be delivered (a page says "you missed about 40 s").
   */
  utterancesMissed: (missed: MissedUtterances) => void;
  /** The server confirmed the listener's mode: captions only (no audio sent) or captions and audio. */
  captionsOnlyChanged: (captionsOnly: boolean) => void;
  /** The server confirmed live captions on (`transcriptPartial` while the speaker talks) or off. */
  liveCaptionsChanged: (liveCaptions: boolean) => void;
  /** @deprecated Use `broadcastPaused`; still emitted, right after it. */
  sessionPaused: () => void;
  /** @deprecated Use `broadcastResumed`; still emitted, right after it. */
  sessionResumed: () => void;
  /** @deprecated Use `broadcastMuted`; still emitted, right after it. */
  sessionMuted: () => void;
  /** @deprecated Use `broadcastUnmuted`; still emitted, right after it. */
  sessionUnmuted: () => void;
  /** @deprecated Use `disconnected`; still emitted, right after it. */
  disconnect: (code: number, reason: string, willReconnect: boolean) => void;
}

/** The listener's names before one convention (docs/decisions.md #39), emitted after the current ones. */
export const LISTENER_DEPRECATED_NAMES: EventAliases<ListenerEvents> = {
  disconnected: 'disconnect',
  stateChanged: 'stateChange',
  broadcastPaused: 'sessionPaused',
  broadcastResumed: 'sessionResumed',
  broadcastMuted: 'sessionMuted',
  broadcastUnmuted: 'sessionUnmuted',
};
