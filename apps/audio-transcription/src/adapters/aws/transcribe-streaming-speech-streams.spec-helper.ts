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
}

/**
 * A Transcribe that answers only what the spec tells it to, one `ScriptedRequest` per StartStreamTranscription.
 * `whenAudioEnds` runs once a request's audio input ends (e.g. to send its last finals and finish).
 *
 * @example
 * const scripted = scriptedTranscribe((request) => request.finish(result('Bye.', false, { endTime: 1 })));
 * transcribe.on(StartStreamTranscriptionCommand).callsFake(scripted.fake);
 * scripted.requests[0]?.say(result('Hello.', false, { endTime: 0.5 }));
 */
export function scriptedTranscribe(whenAudioEnds: (request: ScriptedRequest) => void = () => undefined) {
  const requests: ScriptedRequest[] = [];
  const fake = (input: StartStreamTranscriptionCommandInput) => {
    const events: TranscriptResultStream[] = [];
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
    };
    requests.push(request);
    void (async () => {
      for await (const event of input.AudioStream ?? []) {
        const chunk = event.AudioEvent?.AudioChunk;
        if (chunk !== undefined) request.received.push(Buffer.from(chunk));
      }
      request.audioEnded = true;
      whenAudioEnds(request);
    })();
    async function* results(): AsyncGenerator<TranscriptResultStream> {
      for (;;) {
        const event = events.shift();
        if (event !== undefined) yield event;
        else if (finished) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    }
    return Promise.resolve({ TranscriptResultStream: results() });
  };
  return { fake, requests };
}
