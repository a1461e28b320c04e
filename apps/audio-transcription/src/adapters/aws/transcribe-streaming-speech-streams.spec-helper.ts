import { TranscribeStreamingClient } from '@aws-sdk/client-transcribe-streaming';
import type {
  Result,
  StartStreamTranscriptionCommandInput,
  TranscriptResultStream,
} from '@aws-sdk/client-transcribe-streaming';

// Shared setup of the TranscribeStreamingSpeechStreams specs (transcribe-streaming-speech-streams*.spec.ts).

/**
 * A client for aws-sdk-client-mock to stand in for; it never reaches AWS.
 *
 * @example
 * const stream = new TranscribeStreamingSpeechStreams(testClient()).open({ languageCode: 'en', sampleRate: 16000 });
 */
export function testClient(): TranscribeStreamingClient {
  return new TranscribeStreamingClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}

/**
 * PCM16 mono of `ms` milliseconds at `sampleRate`, every sample distinct enough to spot reordering.
 *
 * @example
 * const next = pcmOf(100, 16_000, 1600); // the 100 ms that follow pcmOf(100)
 */
export function pcmOf(ms: number, sampleRate = 16_000, from = 0): Buffer {
  const samples = Math.round((sampleRate * ms) / 1000);
  const pcm = Buffer.alloc(samples * 2);
  for (let index = 0; index < samples; index += 1) {
    pcm.writeInt16LE(((from + index) % 2000) - 1000, index * 2);
  }
  return pcm;
}

/**
 * One Transcribe result: its best alternative's text, word confidences (plus a final period) and times.
 *
 * @example
 * result('Welcome all.', false, { confidences: [1, 0.5], startTime: 0.25, endTime: 1.5 });
 */
export function result(
  transcript: string,
  isPartial: boolean,
  options: { confidences?: number[]; startTime?: number; endTime?: number } = {},
): Result {
  return {
    IsPartial: isPartial,
    StartTime: options.startTime,
    EndTime: options.endTime,
    Alternatives: [
      {
        Transcript: transcript,
        Items: [
          ...(options.confidences ?? []).map((confidence, index) => ({
            Type: 'pronunciation' as const,
            Content: `word${index}`,
            Confidence: confidence,
          })),
          { Type: 'punctuation' as const, Content: '.', Confidence: 0 },
        ],
      },
    ],
  };
}

/**
 * A TranscriptEvent holding `results`, as the result stream yields it.
 *
 * @example
 * transcriptEvent(result('Good', true));
 */
export function transcriptEvent(...results: Result[]): TranscriptResultStream {
  return { TranscriptEvent: { Transcript: { Results: results } } };
}

/**
 * Lets the mocked stream take what was written and answer it.
 *
 * @example
 * await stream.write(pcmOf(100));
 * await settle(); // its partial has been reported
 */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A Transcribe that hears as it is fed: after each AudioEvent a partial with one more word of `words`,
 * a final for the whole sentence when the audio ends. Records the chunks it got.
 *
 * @example
 * transcribe.on(StartStreamTranscriptionCommand).callsFake(echoingTranscribe(['good', 'morning'], received));
 */
export function echoingTranscribe(words: readonly string[], received: Buffer[]) {
  return (input: StartStreamTranscriptionCommandInput) => {
    async function* results(): AsyncGenerator<TranscriptResultStream> {
      for await (const event of input.AudioStream ?? []) {
        const chunk = event.AudioEvent?.AudioChunk;
        if (chunk === undefined) continue;
        received.push(Buffer.from(chunk));
        yield transcriptEvent(result(words.slice(0, received.length).join(' '), true));
      }
      yield transcriptEvent(result(`${words.join(' ')}.`, false, { confidences: [0.9, 0.7], endTime: 1.2 }));
    }
    return Promise.resolve({ TranscriptResultStream: results() });
  };
}

/** One StartStreamTranscription of a scripted Transcribe: what it heard, and the results a spec sends. */
export interface ScriptedRequest {
  input: StartStreamTranscriptionCommandInput;
  /** The AudioChunks it got, in order. */
  received: Buffer[];
  /** True once the adapter ended this request's audio input. */
  audioEnded: boolean;
  /** Sends `results` now, as one TranscriptEvent. */
  say(...results: Result[]): void;
  /** Sends `results` (if any), then ends the result stream. */
  finish(...results: Result[]): void;
  /** Sends any result-stream event now, e.g. `{ InternalFailureException }`. */
  send(event: TranscriptResultStream): void;
  /** The result stream throws `error` once the events before it were read: a dropped connection. */
  breakWith(error: Error): void;
}

/**
 * A Transcribe that answers only what the spec tells it to, one `ScriptedRequest` per StartStreamTranscription.
 * `whenAudioEnds` runs once a request's audio input ends (e.g. to send its last finals and finish);
 * `whenAudio`, if given, after each AudioChunk it got (to answer as it hears).
 *
 * @example
 * const scripted = scriptedTranscribe((request) => request.finish(result('Bye.', false, { endTime: 1 })));
 * transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
 * scripted.requests[0]?.say(result('Hello.', false, { endTime: 0.5 }));
 */
export function scriptedTranscribe(
  whenAudioEnds: (request: ScriptedRequest) => void = () => undefined,
  whenAudio: (request: ScriptedRequest, chunk: Buffer) => void = () => undefined,
) {
  const requests: ScriptedRequest[] = [];
  const fake = (input: StartStreamTranscriptionCommandInput) => {
    const events: Array<TranscriptResultStream | Error> = [];
    let finished = false;
    let wake: (() => void) | undefined;
    const request: ScriptedRequest = {
      input,
      received: [],
      audioEnded: false,
      say: (...results) => {
        events.push(transcriptEvent(...results));
        wake?.();
      },
      finish: (...results) => {
        if (results.length > 0) events.push(transcriptEvent(...results));
        finished = true;
        wake?.();
      },
      send: (event) => {
        events.push(event);
        wake?.();
      },
      breakWith: (error) => {
        events.push(error);
        wake?.();
      },
    };
    requests.push(request);
    void (async () => {
      for await (const event of input.AudioStream ?? []) {
        const chunk = event.AudioEvent?.AudioChunk;
        if (chunk === undefined) continue;
        request.received.push(Buffer.from(chunk));
        whenAudio(request, Buffer.from(chunk));
      }
      request.audioEnded = true;
      whenAudioEnds(request);
    })();
    async function* results(): AsyncGenerator<TranscriptResultStream> {
      for (;;) {
        const event = events.shift();
        if (event instanceof Error) throw event;
        if (event !== undefined) yield event;
        else if (finished) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    }
    return Promise.resolve({ TranscriptResultStream: results() });
  };
  return { fake, requests };
}

/** How one request of a `listeningTranscribe` misbehaves. */
export type ListeningFault =
  /** On its `atFrame`-th frame (from 1) it sends this event instead of an answer, e.g. `{ InternalFailureException }`. */
  | { kind: 'event'; atFrame: number; event: TranscriptResultStream }
  /** On its `atFrame`-th frame (from 1) its result stream throws `error`, as a dropped connection does. */
  | { kind: 'throw'; atFrame: number; error: Error }
  /** It never endpoints: partials only, one final for everything when its audio input ends. */
  | { kind: 'withholdFinals' };

export interface ListeningTranscribeOptions {
  /** The audio heard as one step, in bytes from the request's first byte (250 ms at 16 kHz: 8000). */
  frameBytes: number;
  /** Default 16 000. */
  sampleRate?: number;
  /** The word heard in one frame; undefined for a frame without one (silence). */
  wordIn(frame: Buffer): string | undefined;
  /** Frames without a word after words that end a final, as Transcribe's endpointing. Default 250 ms. */
  endpointMs?: number;
  /** How request `n` (1, 2, … in the order they start) misbehaves, if it does. */
  faultOf?(request: number): ListeningFault | undefined;
}

/** What a listening request has heard and not yet finalised. */
interface Hearing {
  fault: ListeningFault | undefined;
  bytes: Buffer;
  frames: number;
  words: string[];
  startFrame: number;
  endFrame: number;
  silentFrames: number;
  broken: boolean;
}

/**
 * A Transcribe that hears as it is fed (a `scriptedTranscribe` answering by itself): the audio of each
 * request is read in frames of `frameBytes`, `wordIn` says which word a frame holds, every frame is
 * answered (a partial of the words so far, or an empty event), and a final with StartTime/EndTime
 * (seconds from the request's start) comes after `endpointMs` without words, or when the audio ends.
 *
 * @example
 * const listening = listeningTranscribe({ frameBytes: 8000, wordIn: (frame) => (frame[0] ? 'hi' : undefined) });
 * transcribe.on(StartStreamTranscriptionCommand).callsFake(listening.fake);
 * listening.requests[0]?.received; // the audio the first request got
 */
export function listeningTranscribe(options: ListeningTranscribeOptions) {
  const sampleRate = options.sampleRate ?? 16_000;
  const frameSeconds = options.frameBytes / 2 / sampleRate;
  const endpointFrames = Math.max(1, Math.ceil((options.endpointMs ?? 250) / 1000 / frameSeconds));
  const hearings = new Map<ScriptedRequest, Hearing>();
  const hearingOf = (request: ScriptedRequest): Hearing => {
    let hearing = hearings.get(request);
    if (hearing === undefined) {
      hearing = {
        fault: options.faultOf?.(scripted.requests.indexOf(request) + 1),
        bytes: Buffer.alloc(0),
        frames: 0,
        words: [],
        startFrame: 0,
        endFrame: 0,
        silentFrames: 0,
        broken: false,
      };
      hearings.set(request, hearing);
    }
    return hearing;
  };
  const finalOf = (hearing: Hearing): Result =>
    result(hearing.words.join(' '), false, {
      confidences: hearing.words.map(() => 0.9),
      startTime: hearing.startFrame * frameSeconds,
      endTime: hearing.endFrame * frameSeconds,
    });
  const hear = (request: ScriptedRequest, hearing: Hearing, frame: Buffer): void => {
    hearing.frames += 1;
    const { fault } = hearing;
    if (fault !== undefined && fault.kind !== 'withholdFinals' && fault.atFrame === hearing.frames) {
      hearing.broken = true;
      if (fault.kind === 'event') request.send(fault.event);
      else request.breakWith(fault.error);
      return;
    }
    const word = options.wordIn(frame);
    if (word !== undefined) {
      if (hearing.words.length === 0) hearing.startFrame = hearing.frames - 1;
      hearing.words.push(word);
      hearing.endFrame = hearing.frames;
      hearing.silentFrames = 0;
      request.say(result(hearing.words.join(' '), true));
      return;
    }
    hearing.silentFrames += 1;
    const endpointed = hearing.silentFrames >= endpointFrames && fault?.kind !== 'withholdFinals';
    if (hearing.words.length === 0 || !endpointed) {
      request.say(); // Transcribe answers silence too, with empty results
      return;
    }
    request.say(finalOf(hearing));
    hearing.words = [];
  };
  const scripted: ReturnType<typeof scriptedTranscribe> = scriptedTranscribe(
    (request) => {
      const hearing = hearingOf(request);
      if (hearing.broken) return;
      if (hearing.bytes.length > 0) hear(request, hearing, hearing.bytes);
      if (hearing.broken) return;
      request.finish(...(hearing.words.length > 0 ? [finalOf(hearing)] : []));
    },
    (request, chunk) => {
      const hearing = hearingOf(request);
      hearing.bytes = Buffer.concat([hearing.bytes, chunk]);
      while (!hearing.broken && hearing.bytes.length >= options.frameBytes) {
        const frame = hearing.bytes.subarray(0, options.frameBytes);
        hearing.bytes = hearing.bytes.subarray(options.frameBytes);
        hear(request, hearing, frame);
      }
    },
  );
  return scripted;
}
