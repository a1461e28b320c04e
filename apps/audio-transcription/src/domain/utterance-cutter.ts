import type { ChunkActivity } from './voice-activity';

export interface StoredChunkSummary extends ChunkActivity {
  sequenceNumber: number;
  receivedAt: number;
}

export interface CutterSettings {
  /** Silence after speech that ends an utterance (while it holds little speech, with `adaptive`). */
  pauseMs: number;
  /** Longest utterance; a longer stretch of speech is cut here. */
  maxUtteranceMs: number;
  /** A missing chunk older than this is given up on and treated as a pause. */
  gapTimeoutMs: number;
  /** Shorter pauses end an utterance that already holds enough speech; without it, `pauseMs` always. */
  adaptive?: AdaptivePause;
}

/** How the pause that ends an utterance shrinks as the utterance grows. */
export interface AdaptivePause {
  /** Speech (first to last voiced frame of each chunk, summed) after which `shortPauseMs` ends the utterance. */
  afterSpeechMs: number;
  /** The pause that ends an utterance holding at least `afterSpeechMs` of speech. */
  shortPauseMs: number;
  /** The pause needed at the maximum length: over its last third the pause shrinks from `shortPauseMs` to this. */
  minPauseMs: number;
}

/** Where, as a share of the maximum length, the required pause starts shrinking towards `minPauseMs`. */
const TAPER_FROM = 2 / 3;

/**
 * The silence that ends an utterance holding `speechMs` of speech over `durationMs` of audio: the
 * long pause while it is short (a hesitation is not an end), a shorter one once it holds a few
 * seconds of speech (a fluent speaker's gap between sentences), shorter still near the maximum.
 *
 * @example
 * requiredPauseMs({ speechMs: 3000, durationMs: 3500 }, settings) // 250 with the defaults
 */
export function requiredPauseMs(
  utterance: { speechMs: number; durationMs: number },
  settings: Pick<CutterSettings, 'pauseMs' | 'maxUtteranceMs' | 'adaptive'>,
): number {
  const { adaptive } = settings;
  if (!adaptive) return settings.pauseMs;
  const base = utterance.speechMs >= adaptive.afterSpeechMs ? adaptive.shortPauseMs : settings.pauseMs;
  const taperStart = settings.maxUtteranceMs * TAPER_FROM;
  if (utterance.durationMs <= taperStart) return base;
  const share = Math.min(1, (utterance.durationMs - taperStart) / (settings.maxUtteranceMs - taperStart));
  const tapered = adaptive.shortPauseMs - share * (adaptive.shortPauseMs - adaptive.minPauseMs);
  return Math.min(base, Math.round(tapered));
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
  let speechMs = 0;
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
    const pauseMs = requiredPauseMs({ speechMs, durationMs }, settings);
    if (seenSpeech && last && chunk.hasSpeech && silenceRun + chunk.leadingSilenceMs >= pauseMs) {
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
      speechMs = speechSpanMs(chunk);
      silenceRun = chunk.trailingSilenceMs;
    } else {
      durationMs += chunk.durationMs;
      speechMs += speechSpanMs(chunk);
      silenceRun = chunk.hasSpeech ? chunk.trailingSilenceMs : silenceRun + chunk.durationMs;
    }
    const done = {
      firstChunk: cursor,
      lastChunk: chunk.sequenceNumber,
      lastChunkReceivedAt: chunk.receivedAt,
    };
    if (silenceRun >= requiredPauseMs({ speechMs, durationMs }, settings))
      return { kind: 'utterance', ...done, reason: 'pause' };
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

/** Time from a chunk's first to its last voiced frame (pauses inside a chunk count as speech). */
function speechSpanMs(chunk: ChunkActivity): number {
  return chunk.hasSpeech
    ? Math.max(0, chunk.durationMs - chunk.leadingSilenceMs - chunk.trailingSilenceMs)
    : 0;
}
