// What the speaker client reports, turned into session events: connection states, the server's
// messages, pauses, transcripts and the live line in progress, quality warnings and errors the speaker
// should see.
import type { SpeakerPort } from './ports';
import type { SessionEvent } from './session';

export interface SpeakerEventSink {
  dispatch(event: SessionEvent): void;
  /** The connection changed (the audience poll runs only while it is open). */
  connectionChanged(state: SpeakerPort['state']): void;
  /** The server ended the session (not the speaker's own end). */
  endedByServer(reason: string): void;
  now(): number;
}

/**
 * Subscribes to every speaker event the console shows; returns the unsubscribers.
 *
 * @example
 * const disposers = listenToSpeaker(speaker, { dispatch, connectionChanged, endedByServer, now: Date.now });
 * for (const dispose of disposers) dispose();
 */
export function listenToSpeaker(speaker: SpeakerPort, sink: SpeakerEventSink): Array<() => void> {
  const { dispatch } = sink;
  return [
    speaker.on('stateChange', (state) => {
      dispatch({ type: 'connectionState', state });
      sink.connectionChanged(state);
    }),
    speaker.on('message', (message) => {
      if (message.type === 'connectionRefreshRequired') dispatch({ type: 'refreshRequired' });
      else if (message.type === 'sessionEnded') sink.endedByServer(message.reason ?? '');
      else if (message.type === 'broadcastMuted') dispatch({ type: 'muted' });
      else if (message.type === 'broadcastUnmuted') dispatch({ type: 'unmuted' });
      else if (message.type === 'volumeChanged' && typeof message.volume === 'number')
        dispatch({ type: 'volumeSet', volume: message.volume });
    }),
    speaker.on('connectionRefreshed', () => dispatch({ type: 'refreshed' })),
    speaker.on('paused', () => dispatch({ type: 'paused' })),
    speaker.on('resumed', () => dispatch({ type: 'resumed' })),
    speaker.on('transcript', (message) =>
      dispatch({ type: 'transcript', sequenceNumber: message.sequenceNumber, text: message.sourceText }),
    ),
    speaker.on('transcriptPartial', (message) =>
      dispatch({ type: 'transcriptPartial', sequenceNumber: message.sequenceNumber, text: message.text }),
    ),
    speaker.on('audioQualityWarning', (message) =>
      dispatch({ type: 'qualityWarning', issue: message.issue, at: sink.now() }),
    ),
    speaker.on('error', (message) => {
      // Refusals of chunks that the client retries by itself are not the speaker's concern.
      if (message.code === 'RATE_LIMIT_EXCEEDED' && message.requestId.startsWith('audio-')) return;
      if (!message.requestId.startsWith('audio-') && message.requestId !== '') return; // answered through the action's promise
      dispatch({
        type: 'serverError',
        code: message.code,
        ...(message.retryAfter ? { retryAfter: message.retryAfter } : {}),
      });
    }),
    speaker.on('reconnectFailed', () => dispatch({ type: 'connectFailed', code: 'NOT_CONNECTED' })),
  ];
}
