import { LanguageCode, StartStreamTranscriptionCommand } from '@aws-sdk/client-transcribe-streaming';
import type {
  AudioStream,
  Result,
  TranscribeStreamingClient,
  TranscriptResultStream,
} from '@aws-sdk/client-transcribe-streaming';
import { awsErrorName, isThrottlingError, retryThrottled } from '@lingocast/aws';
import type { ThrottleRetryOptions } from '@lingocast/aws';
import type { SpeechToText, Transcription, UtteranceAudio } from '../../ports/speech-to-text';

/**
 * Transcribe Streaming language code for each language a speaker may speak (ISO 639-1): one default
 * variant each — US English and US Spanish, Brazilian Portuguese, Mandarin (simplified), Modern Standard
 * Arabic. A tag naming another Transcribe variant (`en-GB`) is honoured, see `languageCodeFor`.
 */
export const TRANSCRIBE_LANGUAGE_CODES: Readonly<Record<string, LanguageCode>> = {
  en: 'en-US',
  es: 'es-US',
  fr: 'fr-FR',
  de: 'de-DE',
  it: 'it-IT',
  pt: 'pt-BR',
  ja: 'ja-JP',
  ko: 'ko-KR',
  zh: 'zh-CN',
  hi: 'hi-IN',
  ar: 'ar-SA',
  nl: 'nl-NL',
  sv: 'sv-SE',
  ca: 'ca-ES',
};

/** Transcribe accepts PCM from 8 kHz (telephone) to 48 kHz. */
const MIN_SAMPLE_RATE = 8_000;
const MAX_SAMPLE_RATE = 48_000;

const KNOWN_LANGUAGE_CODES: ReadonlyMap<string, LanguageCode> = new Map(
  Object.values(LanguageCode).map((code) => [code.toLowerCase(), code]),
);

export interface TranscribeStreamingOptions {
  /** Extra or replacement language codes by ISO 639-1 code (see {@link TRANSCRIBE_LANGUAGE_CODES}). */
  languageCodes?: Readonly<Record<string, LanguageCode>>;
  /** Audio per AudioEvent. AWS recommends 50–200 ms; default 100 ms (3.2 KB at 16 kHz). */
  chunkMs?: number;
  /** The whole stream (send, recognise, collect) is aborted after this long. Default 30 000 ms: Transcribe
   * works at about real-time speed, and utterances are at most 15 s. */
  timeoutMs?: number;
  /** Retries of a throttled or refused-for-limits stream within the latency budget (see {@link retryThrottled}). */
  retry?: ThrottleRetryOptions;
}

/**
 * A Transcribe Streaming call failed: refused (BadRequestException), over a limit or throttled
 * (LimitExceededException, 429), failed inside the service, or timed out. `cause` holds the SDK error.
 */
export class TranscribeStreamingError extends Error {
  /** The AWS error name, e.g. `BadRequestException`, or `Timeout`. */
  readonly code: string;
  /** True for throttling and limit errors: the same audio may succeed later. */
  readonly throttled: boolean;
  readonly details: Record<string, unknown>;

  constructor(
    message: string,
    options: { code: string; throttled?: boolean; cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TranscribeStreamingError';
    this.code = options.code;
    this.throttled = options.throttled ?? false;
    this.details = options.details ?? {};
  }
}

/**
 * Speech-to-text with Amazon Transcribe Streaming: one StartStreamTranscription stream per utterance. The
 * utterance is already complete when it gets here, so its PCM is sent as fast as the stream takes it, in
 * ~100 ms AudioEvents, then the stream is closed and the final (non-partial) results are joined. Partial
 * results are ignored: nobody sees them before the utterance ends.
 *
 * Cost: Transcribe bills every stream for at least 15 seconds, so a 3 s utterance costs as much as 15 s of
 * audio. Per-utterance streams are still the Lambda-friendly compromise: a session-long HTTP/2 stream would
 * need a process that outlives the invocations (see docs/speech-providers.md).
 *
 * @example
 * const stt = new TranscribeStreamingSpeechToText(transcribeStreamingClient({ region: 'eu-west-1' }));
 * const { text } = await stt.transcribe({ pcm, sampleRate: 16000, languageCode: 'es' }); // es-US
 */
export class TranscribeStreamingSpeechToText implements SpeechToText {
  readonly languages: readonly string[];
  private readonly languageCodes: Readonly<Record<string, LanguageCode>>;
  private readonly chunkMs: number;
  private readonly timeoutMs: number;
  private readonly retry: ThrottleRetryOptions;

  constructor(
    private readonly client: TranscribeStreamingClient,
    options: TranscribeStreamingOptions = {},
  ) {
    this.languageCodes = { ...TRANSCRIBE_LANGUAGE_CODES, ...options.languageCodes };
    this.languages = Object.keys(this.languageCodes);
    this.chunkMs = options.chunkMs ?? 100;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = options.retry ?? {};
  }

  /**
   * The Transcribe code for a language tag: an exact Transcribe code (`en-GB`) when the tag names one of a
   * supported language, else the default variant of its primary language (`en` → `en-US`).
   */
  languageCodeFor(language: string): LanguageCode | undefined {
    const tag = language.trim().toLowerCase().replace(/_/g, '-');
    const primary = tag.split('-')[0] ?? tag;
    const mapped = this.languageCodes[primary];
    if (mapped === undefined) return undefined;
    return KNOWN_LANGUAGE_CODES.get(tag) ?? mapped;
  }

  async transcribe(audio: UtteranceAudio): Promise<Transcription> {
    const languageCode = this.languageCodeFor(audio.languageCode);
    const details: Record<string, unknown> = {
      languageCode: audio.languageCode,
      transcribeLanguageCode: languageCode,
      sampleRate: audio.sampleRate,
      pcmBytes: audio.pcm.length,
    };
    if (languageCode === undefined) {
      throw new TranscribeStreamingError(`Transcribe Streaming has no language '${audio.languageCode}'`, {
        code: 'UnsupportedLanguage',
        details,
      });
    }
    if (
      !Number.isInteger(audio.sampleRate) ||
      audio.sampleRate < MIN_SAMPLE_RATE ||
      audio.sampleRate > MAX_SAMPLE_RATE
    ) {
      throw new TranscribeStreamingError(
        `Transcribe Streaming takes ${MIN_SAMPLE_RATE}–${MAX_SAMPLE_RATE} Hz PCM, got ${audio.sampleRate} Hz`,
        { code: 'UnsupportedSampleRate', details },
      );
    }
    // Whole 16-bit samples only; nothing to hear means nothing to pay for (every stream bills ≥ 15 s).
    const pcm = audio.pcm.subarray(0, audio.pcm.length - (audio.pcm.length % 2));
    if (pcm.length === 0) return { text: '' };

    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // Raced rather than left to the SDK alone, so a stream that stops answering still ends on time.
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(
          new TranscribeStreamingError(`Transcribe Streaming did not finish within ${this.timeoutMs} ms`, {
            code: 'Timeout',
            details,
          }),
        );
        abort.abort();
      }, this.timeoutMs);
    });
    try {
      // A throttled or over-limit stream is refused at its start: the audio is sent again from the top.
      const transcription = retryThrottled(
        () => this.stream(pcm, languageCode, audio.sampleRate, abort.signal, details),
        this.retry,
      );
      return await Promise.race([transcription, timeout]);
    } catch (error) {
      throw toStreamingError(error, details);
    } finally {
      clearTimeout(timer);
    }
  }

  /** One StartStreamTranscription call: audio out as AudioEvents, final results in. */
  private async stream(
    pcm: Buffer,
    languageCode: LanguageCode,
    sampleRate: number,
    abortSignal: AbortSignal,
    details: Record<string, unknown>,
  ): Promise<Transcription> {
    const response = await this.client.send(
      new StartStreamTranscriptionCommand({
        LanguageCode: languageCode,
        MediaEncoding: 'pcm',
        MediaSampleRateHertz: sampleRate,
        AudioStream: audioEvents(pcm, this.chunkBytes(sampleRate)),
      }),
      { abortSignal },
    );
    if (response.TranscriptResultStream === undefined) {
      throw new TranscribeStreamingError('Transcribe Streaming answered without a result stream', {
        code: 'NoResultStream',
        details: { ...details, requestId: response.RequestId },
      });
    }
    return collectFinalResults(response.TranscriptResultStream);
  }

  private chunkBytes(sampleRate: number): number {
    return Math.max(1, Math.round((sampleRate * this.chunkMs) / 1000)) * 2;
  }
}

/**
 * Wraps an SDK error (ours pass through), naming it and saying whether it was throttling.
 *
 * @example
 * throw toStreamingError(error, { languageCode: 'es-ES' });
 */
export function toStreamingError(error: unknown, details: Record<string, unknown>): TranscribeStreamingError {
  if (error instanceof TranscribeStreamingError) return error;
  const code = awsErrorName(error);
  const reason = error instanceof Error ? error.message : String(error);
  return new TranscribeStreamingError(`Transcribe Streaming failed: ${code}: ${reason}`, {
    code,
    throttled: isThrottlingError(error),
    cause: error,
    details,
  });
}

/** The utterance as AudioEvents of `chunkBytes` each (the last may be shorter); the SDK ends the stream after. */
export async function* audioEvents(pcm: Buffer, chunkBytes: number): AsyncGenerator<AudioStream> {
  for (let offset = 0; offset < pcm.length; offset += chunkBytes) {
    yield { AudioEvent: { AudioChunk: pcm.subarray(offset, offset + chunkBytes) } };
  }
}

/**
 * Reads the result stream to its end and joins the final results' best alternatives in order. An exception
 * event in the stream (the SDK usually throws these itself while iterating) is thrown. `confidence` is the
 * mean confidence of the final results' words, when Transcribe reports any.
 */
async function collectFinalResults(stream: AsyncIterable<TranscriptResultStream>): Promise<Transcription> {
  const texts: string[] = [];
  const confidences: number[] = [];
  for await (const event of stream) {
    const streamError =
      event.BadRequestException ??
      event.LimitExceededException ??
      event.InternalFailureException ??
      event.ConflictException ??
      event.ServiceUnavailableException;
    if (streamError !== undefined) throw streamError;
    for (const result of event.TranscriptEvent?.Transcript?.Results ?? []) {
      if (result.IsPartial !== false) continue;
      const best = bestAlternative(result);
      if (best.text.length > 0) texts.push(best.text);
      confidences.push(...best.confidences);
    }
  }
  const text = texts.join(' ').replace(/\s+/g, ' ').trim();
  if (confidences.length === 0) return { text };
  return { text, confidence: confidences.reduce((sum, value) => sum + value, 0) / confidences.length };
}

/**
 * The text of a result's first alternative and its words' confidences (punctuation left out).
 *
 * @example
 * bestAlternative(result); // { text: 'Hola', confidences: [0.93] }
 */
export function bestAlternative(result: Result): { text: string; confidences: number[] } {
  const alternative = result.Alternatives?.[0];
  const confidences = (alternative?.Items ?? []).flatMap((item) =>
    item.Type !== 'punctuation' && typeof item.Confidence === 'number' ? [item.Confidence] : [],
  );
  return { text: alternative?.Transcript?.trim() ?? '', confidences };
}
