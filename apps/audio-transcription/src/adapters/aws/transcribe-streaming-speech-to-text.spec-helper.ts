import { TranscribeStreamingClient } from '@aws-sdk/client-transcribe-streaming';
import type {
  Result,
  StartStreamTranscriptionCommandInput,
  TranscriptResultStream,
} from '@aws-sdk/client-transcribe-streaming';

// Shared setup of the TranscribeStreamingSpeechToText specs (transcribe-streaming-speech-to-text*.spec.ts).

/**
 * PCM16 mono of `ms` milliseconds at `sampleRate`, every sample distinct enough to spot reordering.
 *
 * @example
 * const pcm = pcmOf(1050); // 16 800 samples at 16 kHz
 */
export function pcmOf(ms: number, sampleRate = 16_000): Buffer {
  const samples = Math.round((sampleRate * ms) / 1000);
  const pcm = Buffer.alloc(samples * 2);
  for (let index = 0; index < samples; index += 1) pcm.writeInt16LE((index % 2000) - 1000, index * 2);
  return pcm;
}

/**
 * One Transcribe result: its transcript, partial or final, with a word per confidence and a full stop.
 *
 * @example
 * result('Hola a todos.', false, [0.9, 0.8]);
 */
export function result(transcript: string, isPartial: boolean, confidences: number[] = []): Result {
  return {
    IsPartial: isPartial,
    Alternatives: [
      {
        Transcript: transcript,
        Items: [
          ...confidences.map((confidence, index) => ({
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
 * A TranscriptEvent holding these results.
 *
 * @example
 * transcriptEvent(result('Good', true), result('Good morning.', false));
 */
export function transcriptEvent(...results: Result[]): TranscriptResultStream {
  return { TranscriptEvent: { Transcript: { Results: results } } };
}

/**
 * What Transcribe Streaming answers: an async stream of result events.
 *
 * @example
 * transcribe.on(StartStreamTranscriptionCommand).resolves({ TranscriptResultStream: resultStream([]) });
 */
export async function* resultStream(
  events: readonly TranscriptResultStream[],
): AsyncGenerator<TranscriptResultStream> {
  for (const event of events) yield event;
}

/**
 * Reads the audio a command sends, one Buffer per AudioEvent.
 *
 * @example
 * const sentChunks = await readAudioStream(input);
 */
export async function readAudioStream(input: StartStreamTranscriptionCommandInput): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  for await (const event of input.AudioStream ?? []) {
    const chunk = event.AudioEvent?.AudioChunk;
    if (chunk !== undefined) chunks.push(Buffer.from(chunk));
  }
  return chunks;
}

/**
 * A Transcribe Streaming client with test credentials, for use under aws-sdk-client-mock.
 *
 * @example
 * const stt = new TranscribeStreamingSpeechToText(transcribeTestClient());
 */
export function transcribeTestClient(): TranscribeStreamingClient {
  return new TranscribeStreamingClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}
