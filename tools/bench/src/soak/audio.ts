import type { ListenerClient, SpeakerClient } from '@lingocast/client';
import { CHUNK_BYTES, CHUNK_MS } from '../speech';
import { sleep } from '../tasks';
import type { Tally, Timed } from './clients';
import { codeOf } from './clients';

// The speakers' side of the soak bench: each session's audio, streamed in real time.

/** One session: its speaker, its audience, its audio, and (if it speaks) who got which utterance when. */
export interface Session {
  sessionId: string;
  speaker: SpeakerClient;
  speaking: boolean;
  listeners: ListenerClient[];
  /** Chunk sequence number → when it was handed to sendAudio (performance.now()). */
  handedAt: number[];
  unacked: Set<number>;
  acks: Timed[];
  offered: number;
  refused: number;
  /** Utterance → listener index → its first translatedAudio part. */
  firstAudio: Map<number, Map<number, number>>;
  /** Utterance → listeners holding all of its audio. */
  complete: Map<number, Set<number>>;
  lastAudioAt: number;
}

/** Hands one chunk to the speaker client (which queues it while reconnecting) and notes when. */
export function sendChunk(session: Session, pcm: Uint8Array, tally: Tally): void {
  session.offered += 1;
  try {
    const sequence = session.speaker.sendAudio(pcm);
    session.handedAt[sequence] = performance.now();
    session.unacked.add(sequence);
  } catch (error) {
    session.refused += 1;
    tally.add(`error: speaker sendAudio ${codeOf(error)}`);
  }
}

export interface Clip {
  pcm: Buffer;
  chunks: number;
}

/**
 * Streams speech in real time: the warm-up sentence, then the sentences in turn, each followed by
 * its silence, until no further sentence fits before `endAt` (or `running()` turns false).
 */
export async function streamSpeech(
  session: Session,
  clips: readonly Clip[],
  endAt: number,
  running: () => boolean,
  tally: Tally,
): Promise<void> {
  let next = performance.now();
  for (let n = 0; n < 100_000 && running(); n += 1) {
    const clip = clips[n === 0 ? 0 : 1 + ((n - 1) % (clips.length - 1))];
    if (!clip || next + clip.chunks * CHUNK_MS > endAt) return;
    for (let index = 0; index < clip.chunks && running(); index += 1) {
      sendChunk(session, clip.pcm.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES), tally);
      next += CHUNK_MS;
      await sleep(next - performance.now());
    }
  }
}

/** Streams a silence-level chunk (≈ −80 dBFS noise) `perSecond` times a second, from a random phase, until `endAt`. */
export async function streamSilence(
  session: Session,
  perSecond: number,
  endAt: number,
  running: () => boolean,
  tally: Tally,
): Promise<void> {
  if (perSecond <= 0) return;
  const noise = Buffer.alloc(CHUNK_BYTES);
  for (let i = 0; i < CHUNK_BYTES; i += 2) noise.writeInt16LE(Math.round((Math.random() - 0.5) * 6), i);
  const periodMs = 1000 / perSecond;
  let next = performance.now() + Math.random() * periodMs;
  for (let n = 0; n < 1_000_000 && running() && next < endAt; n += 1) {
    await sleep(next - performance.now());
    sendChunk(session, noise, tally);
    next += periodMs;
  }
}
