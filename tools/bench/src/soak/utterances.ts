import { logEntries } from '../logs';
import type { Session } from './audio';

/** translation-pipeline's line per utterance (the fields used here). */
interface Delivered {
  /** `audio-<n>`: the chunk whose arrival let audio-transcription cut the utterance. */
  requestId?: string;
  utterance: number;
  endToEndMs?: number;
  languages: Array<{ listeners?: number; gone?: number }>;
}

/** One delivered utterance of a speaking session, as its listeners saw it. */
export interface UtteranceFigures {
  /** The session's utterance number. */
  utterance: number;
  /** When the chunk that closed it was handed to sendAudio. */
  endedAt: number;
  /** Each listener's first translatedAudio part, ms after endedAt. */
  arrivals: number[];
  /** Listeners holding the whole audio. */
  holders: number;
  /** Listeners translation-pipeline sent it to. */
  targets: number;
  serverMs?: number;
}

/**
 * The utterances of a speaking session from translation-pipeline's log, each tied to the chunk that
 * closed it (so utterances the server cut differently from the sentences are still timed right),
 * without those closed by the warm-up sentence's chunks.
 */
export function utterancesOf(session: Session, logFile: string, warmUpChunks: number): UtteranceFigures[] {
  const figures: UtteranceFigures[] = [];
  for (const line of logEntries<Delivered>(logFile, 'utterance delivered', session.sessionId)) {
    const chunk = Number(/^audio-(\d+)$/.exec(line.requestId ?? '')?.[1] ?? Number.NaN);
    const endedAt = session.handedAt[chunk];
    if (!Number.isInteger(chunk) || chunk < warmUpChunks || endedAt === undefined) continue;
    figures.push({
      utterance: line.utterance,
      endedAt,
      arrivals: [...(session.firstAudio.get(line.utterance)?.values() ?? [])].map((at) => at - endedAt),
      holders: session.complete.get(line.utterance)?.size ?? 0,
      targets: line.languages.reduce((sum, l) => sum + (l.listeners ?? 0) - (l.gone ?? 0), 0),
      ...(line.endToEndMs === undefined ? {} : { serverMs: line.endToEndMs }),
    });
  }
  return figures;
}
