import type { TranscriptPartialMessage, UtterancePartialEvent } from '@lingocast/contract';
import type { Deps } from './deps';

/** What became of one partial. */
export interface PartialReport {
  /** Listeners with live captions it was posted to. */
  listeners: number;
  /** Of them, connections that answered 410 (removed, as the utterance fan-out removes them). */
  gone: number;
  /** Posts that failed otherwise (not retried: the next partial replaces this one). */
  failed: number;
  /** Nobody in the session asked for live captions: nothing was posted. */
  skipped?: 'no-live-listeners';
  /** Why the partial reached nobody (the listeners could not be read, or the posts failed). */
  error?: string;
}

export type PartialDeps = Pick<Deps, 'sessions' | 'listeners' | 'clock' | 'logger'>;

/**
 * Posts the words heard so far (`transcriptPartial`, in the source language) to the session's
 * listeners who asked for live captions, whatever their language or captions-only mode. Gone
 * connections are removed like the utterance fan-out removes them; a refreshed connection is not
 * followed (the next partial, a third of a second later, reaches it). Never throws: a partial is
 * worth nothing late, so a failure is logged and the next partial tries again.
 *
 * @example
 * const report = await fanOutPartial(deps, partialEvent); // { listeners: 2, gone: 0, failed: 0 }
 */
export async function fanOutPartial(deps: PartialDeps, event: UtterancePartialEvent): Promise<PartialReport> {
  const report: PartialReport = { listeners: 0, gone: 0, failed: 0 };
  try {
    const nowMs = deps.clock.now();
    const listeners = await deps.sessions.listListeners(event.sessionId, nowMs);
    const live = listeners.filter((row) => row.liveCaptions === true).map((row) => row.connectionId);
    if (live.length === 0) return { ...report, skipped: 'no-live-listeners' };
    report.listeners = live.length;
    const { gone, failed } = await deps.listeners.sendAll(live, [partialMessage(deps, event)]);
    report.gone = gone.length;
    report.failed = failed;
    // A 410 for a connection still in its `$connect` is not gone: removeGoneConnection leaves those.
    const goneAt = deps.clock.now();
    await Promise.all(
      gone.map((id) => deps.sessions.removeGoneConnection(id, goneAt).catch(() => undefined)),
    );
    if (failed > 0)
      deps.logger.warn({ utterance: event.sequenceNumber, failed }, 'partial not delivered to some');
  } catch (error) {
    report.error = (error as Error).message;
    deps.logger.warn({ err: error, utterance: event.sequenceNumber }, 'partial not delivered');
  }
  return report;
}

/** The message a listener gets: the event's words, stamped now. */
function partialMessage(deps: Pick<Deps, 'clock'>, event: UtterancePartialEvent): TranscriptPartialMessage {
  return {
    type: 'transcriptPartial',
    timestamp: deps.clock.now(),
    sessionId: event.sessionId,
    sequenceNumber: event.sequenceNumber,
    sourceLanguage: event.sourceLanguage,
    text: event.text,
  };
}
