import { SynthesizeSpeechCommand } from '@aws-sdk/client-polly';
import type {
  LanguageCode as PollyLanguageCode,
  PollyClient,
  SynthesizeSpeechCommandInput,
  SynthesizeSpeechCommandOutput,
  VoiceId,
} from '@aws-sdk/client-polly';
import { awsErrorName, retryThrottled } from '@lingocast/aws';
import type { ThrottleRetryOptions } from '@lingocast/aws';
import type { SpeechSynthesizer, SynthesisRequest, SynthesizedSpeech } from '../../ports/speech-synthesizer';
import { buildSsml } from '../../domain/ssml';
import { AwsSpeechError } from './aws-speech-error';
import { mp3DurationMs } from './mp3-duration';

export interface PollyVoice {
  voiceId: VoiceId;
  /** Only for bilingual voices, to pick the language they speak (Kajal reads Hindi only when told `hi-IN`). */
  languageCode?: PollyLanguageCode;
}

/**
 * A neural Polly voice per language tag (lower case). `pt` follows Amazon Translate, whose `pt` is
 * Brazilian; `pt-pt` gets the European voice.
 */
export const POLLY_NEURAL_VOICES: Readonly<Record<string, PollyVoice>> = {
  en: { voiceId: 'Joanna' },
  es: { voiceId: 'Lucia' },
  ca: { voiceId: 'Arlet' },
  fr: { voiceId: 'Lea' },
  de: { voiceId: 'Vicki' },
  it: { voiceId: 'Bianca' },
  pt: { voiceId: 'Camila' },
  'pt-br': { voiceId: 'Camila' },
  'pt-pt': { voiceId: 'Ines' },
  ja: { voiceId: 'Takumi' },
  ko: { voiceId: 'Seoyeon' },
  zh: { voiceId: 'Zhiyu' },
  hi: { voiceId: 'Kajal', languageCode: 'hi-IN' },
  ar: { voiceId: 'Hala', languageCode: 'ar-AE' },
  nl: { voiceId: 'Laura' },
  sv: { voiceId: 'Elin' },
  pl: { voiceId: 'Ola' },
  fi: { voiceId: 'Suvi' },
  da: { voiceId: 'Sofie' },
  nb: { voiceId: 'Ida' },
  no: { voiceId: 'Ida' },
};

/** Neural voices speak at 24 kHz; MP3 at the native rate avoids a resampling step in Polly. */
const NEURAL_SAMPLE_RATE = '24000';

export interface PollyOptions {
  /** Extra or replacement voices by lower-case language tag (see {@link POLLY_NEURAL_VOICES}). */
  voices?: Readonly<Record<string, PollyVoice>>;
  /** Retries of throttled requests within the latency budget (see {@link retryThrottled}). */
  retry?: ThrottleRetryOptions;
}

/**
 * Text-to-speech with Amazon Polly neural voices. The text goes in as SSML carrying the speaker's pace and
 * loudness (`<prosody rate volume>`; never pitch, which neural voices do not take). Should Polly reject the
 * SSML (InvalidSsmlException), the plain text is sent once more without markup: the listener loses the
 * prosody, not the utterance. Throttling (neural voices allow 8 requests a second by default) is retried
 * with backoff and jitter within a 1.5 s budget. Output is MP3 at 24 kHz; the duration is counted from the MP3's own frames
 * (see {@link mp3DurationMs}), which costs no second request, unlike speech marks.
 *
 * @example
 * const polly = new PollySpeechSynthesizer(pollyClient({ region: 'eu-west-1' }));
 * const speech = await polly.synthesize({ text: 'Bon dia a tothom', language: 'ca' }); // Arlet
 */
export class PollySpeechSynthesizer implements SpeechSynthesizer {
  private readonly voices: Readonly<Record<string, PollyVoice>>;
  private readonly retry: ThrottleRetryOptions;

  constructor(
    private readonly client: PollyClient,
    options: PollyOptions = {},
  ) {
    this.voices = { ...POLLY_NEURAL_VOICES, ...options.voices };
    this.retry = options.retry ?? {};
  }

  supports(language: string): boolean {
    return this.voiceFor(language) !== undefined;
  }

  /** The exact tag's voice (`pt-pt`) first, then the primary language's (`pt`). */
  voiceFor(language: string): PollyVoice | undefined {
    const tag = language.trim().toLowerCase().replace(/_/g, '-');
    return this.voices[tag] ?? this.voices[tag.split('-')[0] ?? tag];
  }

  async synthesize(request: SynthesisRequest): Promise<SynthesizedSpeech> {
    const voice = this.voiceFor(request.language);
    const details: Record<string, unknown> = { language: request.language, textLength: request.text.length };
    if (voice === undefined) {
      throw new AwsSpeechError(`Polly has no neural voice for '${request.language}'`, {
        service: 'polly',
        code: 'UnsupportedLanguage',
        details,
      });
    }
    details.voiceId = voice.voiceId;
    if (request.text.trim().length === 0) return { audio: Buffer.alloc(0), format: 'mp3', durationMs: 0 };

    const base: Omit<SynthesizeSpeechCommandInput, 'Text' | 'TextType'> = {
      Engine: 'neural',
      OutputFormat: 'mp3',
      SampleRate: NEURAL_SAMPLE_RATE,
      VoiceId: voice.voiceId,
      ...(voice.languageCode === undefined ? {} : { LanguageCode: voice.languageCode }),
    };
    const ssml = buildSsml(request.text, request.emotion, { engine: 'polly-neural' });
    let output: SynthesizeSpeechCommandOutput;
    try {
      const command = new SynthesizeSpeechCommand({ ...base, Text: ssml, TextType: 'ssml' });
      output = await retryThrottled(() => this.client.send(command), this.retry);
    } catch (error) {
      if (awsErrorName(error) !== 'InvalidSsmlException') {
        throw AwsSpeechError.from(error, 'polly', `Polly could not speak '${request.language}'`, details);
      }
      try {
        const plain = new SynthesizeSpeechCommand({ ...base, Text: request.text, TextType: 'text' });
        output = await retryThrottled(() => this.client.send(plain), this.retry);
      } catch (retryError) {
        throw AwsSpeechError.from(
          retryError,
          'polly',
          `Polly could not speak '${request.language}' as plain text`,
          {
            ...details,
            ssmlError: error instanceof Error ? error.message : String(error),
          },
        );
      }
    }
    return toSpeech(output, details);
  }
}

async function toSpeech(
  output: SynthesizeSpeechCommandOutput,
  details: Record<string, unknown>,
): Promise<SynthesizedSpeech> {
  if (output.AudioStream === undefined) {
    throw new AwsSpeechError('Polly returned no audio stream', {
      service: 'polly',
      code: 'EmptyResponse',
      details,
    });
  }
  const audio = Buffer.from(await output.AudioStream.transformToByteArray());
  if (audio.length === 0) return { audio, format: 'mp3', durationMs: 0 };
  const durationMs = mp3DurationMs(audio);
  if (durationMs === undefined) {
    throw new AwsSpeechError('Polly returned audio that holds no MP3 frame', {
      service: 'polly',
      code: 'NotMp3',
      details: { ...details, audioBytes: audio.length, contentType: output.ContentType },
    });
  }
  return { audio, format: 'mp3', durationMs: Math.round(durationMs) };
}
