import type { ChunkActivity } from './voice-activity';

export interface StoredChunkSummary extends ChunkActivity {
  sequenceNumber: number;
  receivedAt: number;
}

export interface CutterSettings {
  /** Silence after speech that ends an utterance. */
  pauseMs: number;
  /** Longest utterance; a longer stretch of speech is cut here. */
  maxUtteranceMs: number;
  /** A missing chunk older than this is given up on and treated as a pause. */
  gapTimeoutMs: number;
}

/** What to claim next, starting at the stream's cursor. */
export type CutDecision =
  /** Chunks without speech before any speech: move past them, no utterance. */
  | { kind: 'skip'; firstChunk: number; lastChunk: number }
  /** A complete utterance. */
  | {
      kind: 'utterance';
      firstChunk: number;
      lastChunk: number;
      lastChunkReceivedAt: number;
      reason: 'pause' | 'maxLength' | 'flush' | 'gap';
    }
  /** Nothing can be claimed yet (waiting for more audio or a missing chunk). */
  | { kind: 'wait' };

/**
 * Decides the next claim from the chunks stored at or after the cursor (sorted by sequence number).
 * Only a contiguous run starting exactly at the cursor is considered, so chunks that arrive out of
 * order simply wait for the missing ones.
 *
 * @example
 * cutNext(0, summaries, settings, { flush: false, nowMs }) // { kind: 'utterance', firstChunk: 0, lastChunk: 11, … }
 */
export function cutNext(
  cursor: number,
  chunks: readonly StoredChunkSummary[],
  settings: CutterSettings,
  options: { flush: boolean; nowMs: number },
): CutDecision {
  let expected = cursor;
  let seenSpeech = false;
  let silenceRun = 0;
  let durationMs = 0;
  let leadingSilent = -1;
  let last: StoredChunkSummary | undefined;
  for (const chunk of chunks) {
    if (chunk.sequenceNumber < expected) continue;
    if (chunk.sequenceNumber > expected) {
      // A hole. Give up on it only if audio after it has waited long enough.
      // A flush (pause, end, speaker gone) waits for nothing: later audio may never come.
      const stale = options.flush || options.nowMs - chunk.receivedAt >= settings.gapTimeoutMs;
      if (!stale) break;
      if (seenSpeech && last) {
        return {
          kind: 'utterance',
          firstChunk: cursor,
          lastChunk: last.sequenceNumber,
          lastChunkReceivedAt: last.receivedAt,
          reason: 'gap',
        };
      }
      return { kind: 'skip', firstChunk: cursor, lastChunk: chunk.sequenceNumber - 1 };
    }
    if (seenSpeech && last && chunk.hasSpeech && silenceRun + chunk.leadingSilenceMs >= settings.pauseMs) {
      // The pause fell between two chunks: the utterance ended with the previous one.
      return {
        kind: 'utterance',
        firstChunk: cursor,
        lastChunk: last.sequenceNumber,
        lastChunkReceivedAt: last.receivedAt,
        reason: 'pause',
      };
    }
    expected += 1;
    last = chunk;
    if (!seenSpeech) {
      if (!chunk.hasSpeech) {
        leadingSilent = chunk.sequenceNumber;
        continue;
      }
      if (leadingSilent >= 0) return { kind: 'skip', firstChunk: cursor, lastChunk: leadingSilent };
      seenSpeech = true;
      durationMs = chunk.durationMs;
      silenceRun = chunk.trailingSilenceMs;
    } else {
      durationMs += chunk.durationMs;
      silenceRun = chunk.hasSpeech ? chunk.trailingSilenceMs : silenceRun + chunk.durationMs;
    }
    const done = {
      firstChunk: cursor,
      lastChunk: chunk.sequenceNumber,
      lastChunkReceivedAt: chunk.receivedAt,
    };
    if (silenceRun >= settings.pauseMs) return { kind: 'utterance', ...done, reason: 'pause' };
    if (durationMs >= settings.maxUtteranceMs) return { kind: 'utterance', ...done, reason: 'maxLength' };
  }
  if (options.flush && last) {
    if (seenSpeech) {
      return {
        kind: 'utterance',
        firstChunk: cursor,
        lastChunk: last.sequenceNumber,
        lastChunkReceivedAt: last.receivedAt,
        reason: 'flush',
      };
    }
    return { kind: 'skip', firstChunk: cursor, lastChunk: last.sequenceNumber };
  }
  if (!seenSpeech && leadingSilent >= 0)
    return { kind: 'skip', firstChunk: cursor, lastChunk: leadingSilent };
  return { kind: 'wait' };
}
