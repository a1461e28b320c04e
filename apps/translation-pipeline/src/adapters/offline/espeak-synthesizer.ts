import type { SpeechSynthesizer, SynthesisRequest, SynthesizedSpeech } from '../../ports/speech-synthesizer';
import { buildSsml } from '../../domain/ssml';
import { OfflineEngineError, runProcess } from './run-process';

/**
 * espeak-ng voice per language tag. espeak-ng 1.51 has no Galician voice: Spanish reads Galician spelling
 * (ñ, ll, no nasal vowels) far better than Portuguese, whose spelling rules and vowel reduction mangle it.
 */
export const ESPEAK_VOICES: Readonly<Record<string, string>> = {
  en: 'en-us',
  es: 'es',
  ca: 'ca',
  gl: 'es',
  pt: 'pt',
  'pt-br': 'pt-br',
  fr: 'fr-fr',
  it: 'it',
};

export interface EspeakOptions {
  /** Extra or replacement voices by language tag (see `espeak-ng --voices`). */
  voices?: Readonly<Record<string, string>>;
  /** MP3 bitrate; speech in mono at 22.05 kHz stays clear at 32 kbit/s (4 KB per second). Default 32. */
  bitrateKbps?: number;
  /** Per engine run. Default 15 000 ms. */
  timeoutMs?: number;
  /** Default `espeak-ng` (from PATH). */
  espeakPath?: string;
  /** Default `lame` (from PATH). */
  lamePath?: string;
}

/**
 * Offline text-to-speech: espeak-ng reads SSML (prosody rate and volume from the speaker's emotion) and
 * writes a WAV, which `lame` encodes to mono MP3. The duration comes from the WAV's sample count (the MP3
 * adds encoder padding). Text with nothing to say gives empty audio.
 *
 * @example
 * const speech = await new EspeakSynthesizer().synthesize({ text: 'Hola a todos', language: 'es' });
 * speech.format; // 'mp3'
 */
export class EspeakSynthesizer implements SpeechSynthesizer {
  private readonly voices: Readonly<Record<string, string>>;
  private readonly bitrateKbps: number;
  private readonly timeoutMs: number;
  private readonly espeakPath: string;
  private readonly lamePath: string;

  constructor(options: EspeakOptions = {}) {
    this.voices = { ...ESPEAK_VOICES, ...options.voices };
    this.bitrateKbps = options.bitrateKbps ?? 32;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.espeakPath = options.espeakPath ?? 'espeak-ng';
    this.lamePath = options.lamePath ?? 'lame';
  }

  supports(language: string): boolean {
    return this.voiceFor(language) !== undefined;
  }

  async synthesize(request: SynthesisRequest): Promise<SynthesizedSpeech> {
    const voice = this.voiceFor(request.language);
    if (voice === undefined) {
      throw new OfflineEngineError(`espeak-ng has no voice for '${request.language}'`, {
        details: { language: request.language },
      });
    }
    if (request.text.trim().length === 0) return { audio: Buffer.alloc(0), format: 'mp3', durationMs: 0 };

    const ssml = buildSsml(request.text, request.emotion, { engine: 'espeak' });
    const { stdout: wavBytes } = await runProcess(
      this.espeakPath,
      ['-m', '-v', voice, '--stdin', '--stdout'],
      {
        input: ssml,
        timeoutMs: this.timeoutMs,
      },
    );
    const wav = parseWav(wavBytes);
    if (wav.sampleCount === 0) return { audio: Buffer.alloc(0), format: 'mp3', durationMs: 0 };
    const { stdout: audio } = await runProcess(
      this.lamePath,
      ['--quiet', '-m', 'm', '-b', String(this.bitrateKbps), '-', '-'],
      { input: encodeWav(wav), timeoutMs: this.timeoutMs },
    );
    return { audio, format: 'mp3', durationMs: Math.round((wav.sampleCount * 1000) / wav.sampleRate) };
  }

  /** The exact tag's voice (`pt-br`) first, then the primary language's (`pt`). */
  private voiceFor(language: string): string | undefined {
    const tag = language.trim().toLowerCase().replace(/_/g, '-');
    return this.voices[tag] ?? this.voices[tag.split('-')[0] ?? tag];
  }
}

export interface PcmWav {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  sampleCount: number;
  /** Interleaved PCM bytes, whole frames only. */
  data: Buffer;
}

/**
 * Reads a PCM WAV. Tolerates the header espeak-ng writes to a pipe, whose sizes are placeholders
 * (0x7ffff000): the data runs to the end of the buffer.
 *
 * @example
 * parseWav(wavBytes).sampleRate; // 22050
 */
export function parseWav(bytes: Buffer): PcmWav {
  if (
    bytes.length < 12 ||
    bytes.toString('ascii', 0, 4) !== 'RIFF' ||
    bytes.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    throw new OfflineEngineError('not a WAV file', { details: { bytes: bytes.length } });
  }
  let format: Omit<PcmWav, 'sampleCount' | 'data'> | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const chunkId = bytes.toString('ascii', offset, offset + 4);
    const declaredSize = bytes.readUInt32LE(offset + 4);
    const bodyStart = offset + 8;
    if (chunkId === 'fmt ' && bodyStart + 16 <= bytes.length) {
      const audioFormat = bytes.readUInt16LE(bodyStart);
      if (audioFormat !== 1) throw new OfflineEngineError(`WAV is not PCM (format ${audioFormat})`);
      format = {
        channels: bytes.readUInt16LE(bodyStart + 2),
        sampleRate: bytes.readUInt32LE(bodyStart + 4),
        bitsPerSample: bytes.readUInt16LE(bodyStart + 14),
      };
    } else if (chunkId === 'data') {
      if (format === undefined) throw new OfflineEngineError('WAV data chunk before its fmt chunk');
      const frameBytes = format.channels * (format.bitsPerSample / 8);
      const available = Math.min(declaredSize, bytes.length - bodyStart);
      const sampleCount = Math.floor(available / frameBytes);
      return {
        ...format,
        sampleCount,
        data: bytes.subarray(bodyStart, bodyStart + sampleCount * frameBytes),
      };
    }
    offset = bodyStart + declaredSize + (declaredSize % 2);
  }
  throw new OfflineEngineError('WAV has no data chunk', { details: { bytes: bytes.length } });
}

/**
 * Writes a canonical 44-byte-header PCM WAV with exact sizes (lame reads the header rather than trusting
 * placeholder sizes).
 *
 * @example
 * encodeWav(parseWav(espeakOutput));
 */
export function encodeWav(wav: PcmWav): Buffer {
  const header = Buffer.alloc(44);
  const blockAlign = wav.channels * (wav.bitsPerSample / 8);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + wav.data.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(wav.channels, 22);
  header.writeUInt32LE(wav.sampleRate, 24);
  header.writeUInt32LE(wav.sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(wav.bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(wav.data.length, 40);
  return Buffer.concat([header, wav.data]);
}
