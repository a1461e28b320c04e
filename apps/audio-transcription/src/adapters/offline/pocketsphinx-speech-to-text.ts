import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Socket } from 'node:net';
import { WarmWorker } from '@lingocast/lambda';
import type { SpeechToText, Transcription, UtteranceAudio } from '../../ports/speech-to-text';
import { decodePcm16, encodePcm16, resamplePcm16 } from '../../domain/pcm';
import { parseWorkerMessage, POCKETSPHINX_WORKER_SCRIPT } from './pocketsphinx-worker-script';
import type { WorkerMessage } from './pocketsphinx-worker-script';

/** The en-us acoustic model is trained on 16 kHz audio; other rates are resampled before decoding. */
const MODEL_SAMPLE_RATE = 16_000;

export interface PocketsphinxOptions {
  /** Python with the `pocketsphinx` module (Debian `python3-pocketsphinx`). Default `/usr/bin/python3`,
   * not `python3` from PATH, which may be a pyenv/venv interpreter without the Debian module. */
  pythonPath?: string;
  /** Folder holding `en-us/`, `en-us.lm.bin` and `cmudict-en-us.dict`. Default the Debian model folder. */
  modelDir?: string;
  /** Longest wait for one utterance's decoding. Default 20 000 ms. */
  timeoutMs?: number;
  /** Longest wait for the model to load when the worker starts. Default 15 000 ms. */
  startTimeoutMs?: number;
  /** Decoder settings; whole numbers are set as ints, others as floats. Default
   * {@link DEFAULT_DECODER_OPTIONS}; `{}` keeps pocketsphinx's own defaults. */
  decoderOptions?: Readonly<Record<string, string | number | boolean>>;
}

/**
 * At most 5000 active HMMs per frame (pocketsphinx's default: 30 000), chosen on real recordings
 * (`npx nx run audio-transcription:accuracy`, docs/speech-providers.md): on pocketsphinx-testdata's human
 * speech with −45 dBFS noise, word error 34.8 % as with the defaults (3000: 44.6 %), for about 20 % less
 * CPU than the defaults and 13 % more than 3000; on clean speech all three give the same words.
 */
export const DEFAULT_DECODER_OPTIONS: Readonly<Record<string, string | number | boolean>> = {
  '-maxhmmpf': 5000,
};

/**
 * Also drops the second, flat-lexicon pass: about half of the default CPU, but on the 24 flite sentences
 * 3 transcripts change and the word error rate rises from 7.0 % to 9.4 %. Not used.
 */
export const FAST_DECODER_OPTIONS: Readonly<Record<string, string | number | boolean>> = {
  '-fwdflat': false,
  '-maxhmmpf': 3000,
};

/** The recogniser could not start, crashed, timed out or was asked for a language it lacks. */
export class PocketsphinxError extends Error {
  readonly details: Record<string, unknown> | undefined;

  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PocketsphinxError';
    this.details = options.details;
  }
}

/**
 * Offline speech-to-text with CMU pocketsphinx (English only). Keeps one warm Python worker with the model
 * loaded, saving about 0.5 s of model loading per utterance (decoding itself costs about 0.2 s of CPU per
 * second of speech with {@link DEFAULT_DECODER_OPTIONS}). Requests are decoded one at a time in call order; a worker that crashed or timed out
 * is replaced on the next call. The worker never keeps Node alive on its own: only a pending request does.
 * `confidence` is the mean posterior probability of the recognised words.
 *
 * @example
 * const stt = new PocketsphinxSpeechToText();
 * const { text } = await stt.transcribe({ pcm, sampleRate: 16000, languageCode: 'en' });
 * stt.close();
 */
export class PocketsphinxSpeechToText implements SpeechToText {
  readonly languages: readonly string[] = ['en'];
  private readonly pythonPath: string;
  private readonly modelDir: string;
  private readonly timeoutMs: number;
  private readonly startTimeoutMs: number;
  private readonly decoderOptions: Readonly<Record<string, string | number | boolean>>;
  private readonly warm: WarmWorker<PocketsphinxWorker>;

  constructor(options: PocketsphinxOptions = {}) {
    this.pythonPath = options.pythonPath ?? '/usr/bin/python3';
    this.modelDir = options.modelDir ?? '/usr/share/pocketsphinx/model/en-us';
    this.timeoutMs = options.timeoutMs ?? 20_000;
    this.startTimeoutMs = options.startTimeoutMs ?? 15_000;
    this.decoderOptions = options.decoderOptions ?? DEFAULT_DECODER_OPTIONS;
    this.warm = new WarmWorker(
      () =>
        new PocketsphinxWorker(this.pythonPath, [
          `${this.modelDir}/en-us`,
          `${this.modelDir}/en-us.lm.bin`,
          `${this.modelDir}/cmudict-en-us.dict`,
          JSON.stringify(this.decoderOptions),
        ]),
    );
  }

  /** Starts the worker and waits until the model is loaded, so the first utterance is not slowed down. */
  start(): Promise<void> {
    return this.warm.run(async (worker) => {
      await worker.whenReady(this.startTimeoutMs);
    });
  }

  /** Recognises one utterance; the text is lowercase words separated by single spaces. */
  transcribe(audio: UtteranceAudio): Promise<Transcription> {
    const primaryLanguage = audio.languageCode.toLowerCase().split('-')[0] ?? '';
    if (!this.languages.includes(primaryLanguage)) {
      return Promise.reject(
        new PocketsphinxError(`pocketsphinx has no model for language '${audio.languageCode}'`, {
          details: { languageCode: audio.languageCode },
        }),
      );
    }
    const samples = decodePcm16(audio.pcm);
    if (samples.length === 0) return Promise.resolve({ text: '' });
    const pcm = encodePcm16(resamplePcm16(samples, audio.sampleRate, MODEL_SAMPLE_RATE));
    return this.warm.run(async (worker) => {
      await worker.whenReady(this.startTimeoutMs);
      const result = await worker.decode(pcm, this.timeoutMs);
      const text = result.text.toLowerCase().replace(/\s+/g, ' ').trim();
      return result.confidence === undefined ? { text } : { text, confidence: result.confidence };
    });
  }

  /** Stops the worker. A later call starts a new one. */
  close(): void {
    this.warm.close();
  }
}

interface PendingRequest {
  resolve: (message: WorkerMessage) => void;
  reject: (error: Error) => void;
}

/** One Python child process and its line protocol. Callers send one request at a time. */
class PocketsphinxWorker {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly ready: Promise<void>;
  private pending: PendingRequest | undefined;
  private stdoutBuffer = '';
  private stderrTail = '';
  private exited = false;

  constructor(pythonPath: string, modelArgs: readonly string[]) {
    this.child = spawn(pythonPath, ['-u', '-c', POCKETSPHINX_WORKER_SCRIPT, ...modelArgs], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Lambda runtimes set LANG=en_US.UTF-8, which the machine may lack; C.UTF-8 always exists.
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    });
    this.ready = new Promise<void>((resolve, reject) => {
      this.pending = {
        resolve: (message) =>
          message.type === 'ready'
            ? resolve()
            : reject(this.failure(`unexpected first message '${message.type}'`)),
        reject,
      };
    });
    // The ready promise may be abandoned (close() before anyone awaits it); never let that be unhandled.
    this.ready.catch(() => undefined);

    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.child.stdin.on('error', () => undefined); // EPIPE after a crash; the exit handler reports it
    this.child.on('error', (error) => this.onExit(this.failure(`could not run ${pythonPath}`, error)));
    this.child.on('exit', (code, signal) =>
      this.onExit(this.failure(`pocketsphinx worker exited (code ${code}, signal ${signal})`)),
    );

    // An idle warm worker must not keep Node (a test run, a script) alive; pending requests hold timers that do.
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      if (stream instanceof Socket) stream.unref();
    }
  }

  get alive(): boolean {
    return !this.exited;
  }

  async whenReady(timeoutMs: number): Promise<void> {
    await withTimeout(
      this.ready,
      timeoutMs,
      () => this.failure(`pocketsphinx model did not load within ${timeoutMs} ms`),
      () => this.kill(),
    );
  }

  async decode(pcm: Buffer, timeoutMs: number): Promise<{ text: string; confidence?: number }> {
    if (this.pending !== undefined || this.exited) throw this.failure('worker is busy or gone');
    const answer = new Promise<WorkerMessage>((resolve, reject) => {
      this.pending = { resolve, reject };
    });
    const header = Buffer.alloc(4);
    header.writeUInt32BE(pcm.length);
    this.child.stdin.write(Buffer.concat([header, pcm]));
    const message = await withTimeout(
      answer,
      timeoutMs,
      () =>
        this.failure(`pocketsphinx did not answer within ${timeoutMs} ms`, undefined, {
          pcmBytes: pcm.length,
        }),
      () => this.kill(), // its late reply would otherwise answer the next request
    );
    if (message.type === 'error') throw this.failure(`pocketsphinx failed: ${message.message}`);
    if (message.type !== 'result') throw this.failure(`unexpected message '${message.type}'`);
    return message.confidence === undefined
      ? { text: message.text }
      : { text: message.text, confidence: message.confidence };
  }

  kill(): void {
    if (this.exited) return;
    this.exited = true;
    this.child.kill('SIGKILL');
    this.settle((pending) => pending.reject(this.failure('pocketsphinx worker was stopped')));
  }

  private onStdout(chunk: string): void {
    this.stdoutBuffer += chunk;
    let newline = this.stdoutBuffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.stdoutBuffer.slice(0, newline);
      this.stdoutBuffer = this.stdoutBuffer.slice(newline + 1);
      const message = parseWorkerMessage(line);
      this.settle((pending) =>
        message === undefined
          ? pending.reject(this.failure(`unreadable worker output: ${line.slice(0, 200)}`))
          : pending.resolve(message),
      );
      newline = this.stdoutBuffer.indexOf('\n');
    }
  }

  private onExit(error: PocketsphinxError): void {
    this.exited = true;
    this.settle((pending) => pending.reject(error));
  }

  private settle(action: (pending: PendingRequest) => void): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending !== undefined) action(pending);
  }

  private failure(
    message: string,
    cause?: unknown,
    details: Record<string, unknown> = {},
  ): PocketsphinxError {
    return new PocketsphinxError(message, {
      cause,
      details: { ...details, stderr: this.stderrTail.trim() || undefined, pid: this.child.pid },
    });
  }
}

/** Races a promise against a timer: on timeout rejects with `timeoutError()`, then runs `afterTimeout`. */
async function withTimeout<T>(
  promise: Promise<T>,
  timeoutMs: number,
  timeoutError: () => Error,
  afterTimeout: () => void,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(timeoutError()); // first, so the race reports the timeout rather than the clean-up's effects
      afterTimeout();
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
