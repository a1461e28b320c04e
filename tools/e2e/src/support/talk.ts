import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ListenerClient, ReceivedAudio, SpeakerClient } from '@lingocast/client';
import type { ServerMessage, TranscriptMessage } from '@lingocast/contract';
import { chunks, sleep, speak } from '@lingocast/speech-fixtures';

// A talk of several utterances as a speaker gives it, and what each listener heard of it, for the
// specs that compare listeners (replay: a listener who dropped against one who never did).

/** Distinct sentences flite speaks and pocketsphinx recognises well: one utterance each. */
export const TALK_SENTENCES: readonly string[] = [
  'Welcome to the morning service.',
  'The church meets every Sunday morning to pray together.',
  'Please open your books and sing with us.',
  'We thank the Lord for this beautiful day.',
  'The children will meet in the garden after the service.',
  'Our choir will sing a new song today.',
  'Please remember the families who are sick this week.',
  'The bread and the water are ready for everyone.',
  'We will read from the book of Psalms.',
  'Peace be with you and with your family.',
  'The meeting will start again at six in the evening.',
  'Thank you for coming and go in peace.',
  'The young people will visit the old town on Saturday.',
  'Our friends from the north brought food for the poor.',
  'Let us stand and welcome our guests from far away.',
  'The new roof of the hall was finished last month.',
];

/** Speech of `count` sentences of the talk (cycling through them), each ended by a pause the server cuts at. */
export function talkSpeech(count: number, trailingSilenceS = 1.2): Buffer[] {
  return Array.from({ length: count }, (_, index) =>
    speak(TALK_SENTENCES[index % TALK_SENTENCES.length] ?? '', trailingSilenceS),
  );
}

/**
 * Streams the sentences as a microphone would (250 ms chunks in real time); `afterSentence` runs
 * once a sentence's last chunk (number `lastChunk`) is handed over, and is awaited. Resolves with
 * every chunk's number.
 *
 * @example
 * const sent = await streamTalk(speaker, talkSpeech(6), (index) => index === 1 && proxy.cut());
 */
export async function streamTalk(
  speaker: SpeakerClient,
  sentences: readonly Buffer[],
  afterSentence?: (index: number, lastChunk: number) => unknown,
): Promise<number[]> {
  const sent: number[] = [];
  let next = Date.now();
  for (const [index, pcm] of sentences.entries()) {
    for (const chunk of chunks(pcm)) {
      sent.push(speaker.sendAudio(chunk));
      next += 250;
      await sleep(Math.max(0, next - Date.now()));
    }
    await afterSentence?.(index, sent.at(-1) ?? -1);
    next = Math.max(next, Date.now()); // a slow hook does not make the next sentence rush
  }
  return sent;
}

/** One utterance as a listener ended up with it. */
export interface HeardUtterance {
  sequenceNumber: number;
  caption: string;
  /** sha256 of the whole MP3, or undefined when no audio came. */
  audio: string | undefined;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Everything a ListenerClient emitted, in the order it emitted it, with times. */
export class ListenerRecord {
  readonly captions: Array<TranscriptMessage & { at: number }> = [];
  readonly audio: Array<ReceivedAudio & { at: number }> = [];
  readonly messages: ServerMessage[] = [];
  readonly disconnects: number[] = [];
  readonly reconnects: number[] = [];

  constructor(readonly listener: ListenerClient) {
    listener.on('transcript', (caption) => this.captions.push({ ...caption, at: Date.now() }));
    listener.on('audioReceived', (audio) => this.audio.push({ ...audio, at: Date.now() }));
    listener.on('message', (message) => this.messages.push(message));
    listener.on('disconnected', () => this.disconnects.push(Date.now()));
    listener.on('reconnected', () => this.reconnects.push(Date.now()));
  }

  /** The utterances by caption, in the order the captions were emitted, each with its audio's hash. */
  heard(): HeardUtterance[] {
    return this.captions.map((caption) => {
      const audio = this.audio.find((a) => a.sequenceNumber === caption.sequenceNumber);
      return {
        sequenceNumber: caption.sequenceNumber,
        caption: caption.translatedText,
        audio: audio ? sha256(audio.audio) : undefined,
      };
    });
  }

  /** Server messages of one type, in arrival order. */
  received<T extends ServerMessage['type']>(type: T): Array<Extract<ServerMessage, { type: T }>> {
    return this.messages.filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }
}

/**
 * The JSON lines of a stage part's log (`<logDir>/<part>.log`) whose message is `message` and that
 * belong to `sessionId`, parsed; lines cut short while being written are skipped.
 *
 * @example
 * const claimed = logLines(logDir, 'audio-transcription', 'utterance claimed', sessionId);
 */
export function logLines<T extends { sessionId?: string }>(
  logDir: string,
  part: string,
  message: string,
  sessionId: string,
): T[] {
  const lines: T[] = [];
  for (const line of readFileSync(join(logDir, `${part}.log`), 'utf8').split('\n')) {
    if (!line.includes(`"message":"${message}"`) || !line.includes(`"${sessionId}"`)) continue;
    try {
      const entry = JSON.parse(line) as T;
      if (entry.sessionId === sessionId) lines.push(entry);
    } catch {
      // a line cut short while being written
    }
  }
  return lines;
}

/** translation-pipeline's line per utterance (the fields read here). */
interface DeliveredLine {
  sessionId?: string;
  utterance: number;
  languages: Array<{ language: string; ok: boolean }>;
}

/**
 * The numbers of the session's utterances translation-pipeline translated into `language`, from its
 * log in the stage's log folder: what every listener of that language should end up with.
 *
 * @example
 * const expected = translatedUtterances(endpoints().logDir, session.sessionId, 'es'); // [0, 1, 2, …]
 */
export function translatedUtterances(logDir: string, sessionId: string, language: string): number[] {
  const numbers = logLines<DeliveredLine>(logDir, 'translation-pipeline', 'utterance delivered', sessionId)
    .filter((entry) => entry.languages.some((l) => l.language === language && l.ok))
    .map((entry) => entry.utterance);
  return [...new Set(numbers)].sort((a, b) => a - b);
}
