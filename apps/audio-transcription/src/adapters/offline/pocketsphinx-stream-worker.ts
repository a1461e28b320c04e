import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { Socket } from 'node:net';
import type { WarmProcess } from '@lingocast/lambda';

/**
 * The streaming worker run by `python3 -u -c <script> <hmm> <lm> <dict> <settings JSON> <max streams> <yes|no>`:
 * loads the model once, then serves several recognition streams at a time, each on its own decoder
 * (incremental decoding: `start_utt`, `process_raw(pcm, False, False)` per chunk, `hyp()` as the partial,
 * `end_utt` for the final; with endpointing `yes`, also where the voice-activity detector hears speech stop,
 * the stream going on in a new segment). Requests are frames of a 1-byte operation (`o` open, `a` audio, `e` end,
 * `x` abort), a 4-byte big-endian stream id, a 4-byte big-endian length and that many bytes of 16 kHz
 * PCM16LE mono; each is answered with one JSON line naming the stream. Decoders of finished streams are
 * kept for the next ones: a decoder costs ~90 MB and ~0.3 s to load, and its live cepstral mean, adapted
 * to the speech it heard, recognises a new stream's first seconds better than a fresh one's.
 * Kept apart from the whole-utterance worker's script while that adapter is being split into modules.
 */
export const POCKETSPHINX_STREAM_WORKER_SCRIPT = String.raw`
import json, os, struct, sys
from pocketsphinx import Decoder

hmm, lm, dictionary, settings, max_streams, endpointing = sys.argv[1:7]
max_streams = int(max_streams)
endpointing = endpointing == 'yes'
config = Decoder.default_config()
config.set_string('-hmm', hmm)
config.set_string('-lm', lm)
config.set_string('-dict', dictionary)
config.set_string('-logfn', os.devnull)
for name, value in json.loads(settings).items():
    if not config.exists(name):
        raise SystemExit('unknown pocketsphinx setting ' + name)
    if isinstance(value, bool):
        config.set_boolean(name, value)
    elif isinstance(value, int):
        config.set_int(name, value)
    elif isinstance(value, float):
        config.set_float(name, value)
    else:
        config.set_string(name, str(value))
idle = [Decoder(config)]
streams = {}
logmath = idle[0].get_logmath()
source = sys.stdin.buffer

def read_exactly(count):
    parts = []
    while count > 0:
        part = source.read(count)
        if not part:
            return None
        parts.append(part)
        count -= len(part)
    return b''.join(parts)

def reply(message):
    sys.stdout.write(json.dumps(message) + '\n')
    sys.stdout.flush()

def is_filler(word):
    return word.startswith('<') or word.startswith('[') or word.startswith('+')

def hypothesis_text(decoder):
    hypothesis = decoder.hyp()
    return hypothesis.hypstr if hypothesis is not None else ''

def release(stream_id):
    decoder = streams.pop(stream_id)['decoder']
    idle.append(decoder)
    return decoder

def finish_segment(stream):
    decoder = stream['decoder']
    decoder.end_utt()
    posteriors = [logmath.exp(segment.prob) for segment in decoder.seg() if not is_filler(segment.word)]
    final = {'text': hypothesis_text(decoder), 'startMs': stream['start'] // 16, 'endMs': stream['samples'] // 16}
    if posteriors:
        final['confidence'] = sum(posteriors) / len(posteriors)
    stream['start'] = stream['samples']
    return final

reply({'type': 'ready'})
while True:
    header = read_exactly(9)
    if header is None:
        break
    operation, stream_id, length = struct.unpack('>BII', header)
    pcm = read_exactly(length) if length > 0 else b''
    if pcm is None:
        break
    operation = chr(operation)
    try:
        if operation == 'o':
            if stream_id in streams:
                reply({'type': 'error', 'id': stream_id, 'code': 'StreamExists', 'message': 'stream already open'})
                continue
            if len(streams) >= max_streams:
                reply({'type': 'error', 'id': stream_id, 'code': 'TooManyStreams',
                       'message': 'already %d streams open' % len(streams)})
                continue
            decoder = idle.pop() if idle else Decoder(config)
            decoder.start_utt()
            streams[stream_id] = {'decoder': decoder, 'samples': 0, 'start': 0, 'in_speech': False}
            reply({'type': 'opened', 'id': stream_id})
        elif stream_id not in streams:
            reply({'type': 'error', 'id': stream_id, 'code': 'UnknownStream', 'message': 'no such stream'})
        elif operation == 'a':
            stream = streams[stream_id]
            decoder = stream['decoder']
            decoder.process_raw(pcm, False, False)
            stream['samples'] += len(pcm) // 2
            finals = []
            in_speech = decoder.get_in_speech()
            if endpointing and stream['in_speech'] and not in_speech:
                # The voice-activity detector heard the speech stop: that segment is final.
                finals.append(finish_segment(stream))
                decoder.start_utt()
            stream['in_speech'] = in_speech
            reply({'type': 'heard', 'id': stream_id, 'text': hypothesis_text(decoder), 'finals': finals})
        elif operation == 'e':
            final = finish_segment(streams[stream_id])
            release(stream_id)
            final.update({'type': 'final', 'id': stream_id})
            reply(final)
        elif operation == 'x':
            release(stream_id).end_utt()
            reply({'type': 'closed', 'id': stream_id})
        else:
            reply({'type': 'error', 'id': stream_id, 'code': 'UnknownOperation', 'message': operation})
    except Exception as error:
        streams.pop(stream_id, None)
        reply({'type': 'error', 'id': stream_id, 'code': 'DecoderFailed', 'message': repr(error)})
`;

/** One request a stream sends to the worker. */
export type StreamOperation = 'open' | 'audio' | 'end' | 'abort';

const OPERATION_BYTES: Readonly<Record<StreamOperation, number>> = {
  open: 0x6f, // o
  audio: 0x61, // a
  end: 0x65, // e
  abort: 0x78, // x
};

/** A segment the decoder finished: its text, and where it lies in the stream's audio at 16 kHz. */
export interface WorkerSegment {
  text: string;
  startMs: number;
  endMs: number;
  confidence?: number;
}

export type StreamWorkerReply =
  | { type: 'opened'; id: number }
  | { type: 'heard'; id: number; text: string; finals: WorkerSegment[] }
  | ({ type: 'final'; id: number } & WorkerSegment)
  | { type: 'closed'; id: number };

/** The streaming worker failed: could not start, crashed, timed out, or refused a stream's request. */
export class PocketsphinxStreamError extends Error {
  /** `WorkerFailed`, `Timeout`, `TooManyStreams`, `DecoderFailed`, `UnsupportedLanguage`, `StreamEnded`, `Aborted`, … */
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(
    message: string,
    options: { code: string; cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PocketsphinxStreamError';
    this.code = options.code;
    this.details = options.details ?? {};
  }
}

interface PendingReply {
  resolve: (reply: StreamWorkerReply) => void;
  reject: (error: PocketsphinxStreamError) => void;
  timer: NodeJS.Timeout;
}

/**
 * One Python child serving many streams. Each stream's replies come back in the order of its requests, so
 * every stream id has its own queue of waiting requests; a timeout or crash fails every stream on it.
 */
export class PocketsphinxStreamWorker implements WarmProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly ready: Promise<void>;
  private readonly pending = new Map<number, PendingReply[]>();
  private readonly readyWaiter: { resolve: () => void; reject: (error: PocketsphinxStreamError) => void };
  private isReady = false;
  private failed: PocketsphinxStreamError | undefined;
  private stdoutBuffer = '';
  private stderrTail = '';

  constructor(pythonPath: string, args: readonly string[]) {
    let waiter: PocketsphinxStreamWorker['readyWaiter'] | undefined;
    this.ready = new Promise<void>((resolve, reject) => {
      waiter = { resolve, reject };
    });
    this.ready.catch(() => undefined); // abandoned when closed before anyone waited
    this.readyWaiter = waiter ?? { resolve: () => undefined, reject: () => undefined };
    this.child = spawn(pythonPath, ['-u', '-c', POCKETSPHINX_STREAM_WORKER_SCRIPT, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      // Lambda runtimes set LANG=en_US.UTF-8, which the machine may lack; C.UTF-8 always exists.
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    });
    this.child.stdout.setEncoding('utf8');
    this.child.stdout.on('data', (chunk: string) => this.onStdout(chunk));
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-2000);
    });
    this.child.stdin.on('error', () => undefined); // EPIPE after a crash; the exit handler reports it
    this.child.on('error', (error) => this.fail(`could not run ${pythonPath}`, 'WorkerFailed', error));
    this.child.on('exit', (code, signal) =>
      this.fail(`pocketsphinx stream worker exited (code ${code}, signal ${signal})`, 'WorkerFailed'),
    );
    // An idle warm worker must not keep Node alive; pending requests hold timers that do.
    this.child.unref();
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      if (stream instanceof Socket) stream.unref();
    }
  }

  get alive(): boolean {
    return this.failed === undefined;
  }

  /** Resolves once the model is loaded; kills the worker when that takes longer than `timeoutMs`. */
  async whenReady(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        reject(this.error(`pocketsphinx model did not load within ${timeoutMs} ms`, 'Timeout'));
        this.kill();
      }, timeoutMs);
    });
    try {
      await Promise.race([this.ready, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends one request for stream `id` and waits for its reply; no reply within `timeoutMs` kills the worker. */
  request(
    operation: StreamOperation,
    id: number,
    pcm: Buffer,
    timeoutMs: number,
  ): Promise<StreamWorkerReply> {
    if (this.failed !== undefined) return Promise.reject(this.failed);
    return new Promise<StreamWorkerReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        // A stalled decoder blocks every stream behind it: replace the whole worker.
        this.fail(`pocketsphinx did not answer ${operation} within ${timeoutMs} ms`, 'Timeout');
      }, timeoutMs);
      const queue = this.pending.get(id) ?? [];
      queue.push({ resolve, reject, timer });
      this.pending.set(id, queue);
      const header = Buffer.alloc(9);
      header.writeUInt8(OPERATION_BYTES[operation], 0);
      header.writeUInt32BE(id, 1);
      header.writeUInt32BE(pcm.length, 5);
      this.child.stdin.write(Buffer.concat([header, pcm]));
    });
  }

  kill(): void {
    this.fail('pocketsphinx stream worker was stopped', 'WorkerFailed');
  }

  private onStdout(chunk: string): void {
    this.stdoutBuffer += chunk;
    let newline = this.stdoutBuffer.indexOf('\n');
    while (newline >= 0) {
      const line = this.stdoutBuffer.slice(0, newline);
      this.stdoutBuffer = this.stdoutBuffer.slice(newline + 1);
      this.onLine(line);
      newline = this.stdoutBuffer.indexOf('\n');
    }
  }

  private onLine(line: string): void {
    const message = parseReply(line);
    if (message === undefined) {
      this.fail(`unreadable worker output: ${line.slice(0, 200)}`, 'WorkerFailed');
      return;
    }
    if (message.type === 'ready') {
      this.isReady = true;
      this.readyWaiter.resolve();
      return;
    }
    const waiting = this.pending.get(message.id)?.shift();
    if (waiting === undefined) {
      // An answer nobody asked for: the worker is out of step with us.
      this.fail(`unexpected ${message.type} for stream ${message.id}`, 'WorkerFailed');
      return;
    }
    clearTimeout(waiting.timer);
    if (message.type === 'error') {
      waiting.reject(this.error(`pocketsphinx refused: ${message.message}`, message.code, message.id));
    } else {
      waiting.resolve(message);
    }
  }

  private fail(message: string, code: string, cause?: unknown): void {
    if (this.failed !== undefined) return;
    this.failed = this.error(message, code, undefined, cause);
    this.child.kill('SIGKILL');
    if (!this.isReady) this.readyWaiter.reject(this.failed);
    for (const queue of this.pending.values()) {
      for (const waiting of queue) {
        clearTimeout(waiting.timer);
        waiting.reject(this.failed);
      }
    }
    this.pending.clear();
  }

  private error(message: string, code: string, streamId?: number, cause?: unknown): PocketsphinxStreamError {
    return new PocketsphinxStreamError(message, {
      code,
      cause,
      details: { streamId, stderr: this.stderrTail.trim() || undefined, pid: this.child.pid },
    });
  }
}

type ParsedReply =
  StreamWorkerReply | { type: 'ready' } | { type: 'error'; id: number; code: string; message: string };

function parseReply(line: string): ParsedReply | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('type' in parsed)) return undefined;
  if (parsed.type === 'ready') return { type: 'ready' };
  if (!('id' in parsed) || typeof parsed.id !== 'number') return undefined;
  const { id } = parsed;
  switch (parsed.type) {
    case 'opened':
    case 'closed':
      return { type: parsed.type, id };
    case 'heard': {
      const text = 'text' in parsed && typeof parsed.text === 'string' ? parsed.text : undefined;
      const finals =
        'finals' in parsed && Array.isArray(parsed.finals) ? parsed.finals.map(parseSegment) : undefined;
      if (text === undefined || finals === undefined || !finals.every(isSegment)) return undefined;
      return { type: 'heard', id, text, finals };
    }
    case 'final': {
      const segment = parseSegment(parsed);
      return segment === undefined ? undefined : { type: 'final', id, ...segment };
    }
    case 'error':
      return {
        type: 'error',
        id,
        code: 'code' in parsed && typeof parsed.code === 'string' ? parsed.code : 'DecoderFailed',
        message: 'message' in parsed && typeof parsed.message === 'string' ? parsed.message : 'unknown error',
      };
    default:
      return undefined;
  }
}

function parseSegment(value: unknown): WorkerSegment | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (!('text' in value) || typeof value.text !== 'string') return undefined;
  if (!('startMs' in value) || typeof value.startMs !== 'number') return undefined;
  if (!('endMs' in value) || typeof value.endMs !== 'number') return undefined;
  const segment: WorkerSegment = { text: value.text, startMs: value.startMs, endMs: value.endMs };
  if ('confidence' in value && typeof value.confidence === 'number') segment.confidence = value.confidence;
  return segment;
}

function isSegment(segment: WorkerSegment | undefined): segment is WorkerSegment {
  return segment !== undefined;
}
