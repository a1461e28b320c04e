// The streaming worker's Python and the JSON lines it answers with (PocketsphinxStreamWorker runs it).
import { DECODER_CONFIG_PYTHON, WORKER_IO_PYTHON } from './pocketsphinx-worker-script';

/**
 * The streaming worker run by `python3 -u -c <script> <hmm> <lm> <dict> <settings JSON> <max streams> <yes|no>`:
 * loads the model once, then serves several recognition streams at a time, each on its own decoder
 * (incremental decoding: `start_utt`, `process_raw(pcm, False, False)` per chunk, `hyp()` as the partial,
 * `end_utt` for the final; with endpointing `yes`, also where the voice-activity detector hears speech stop,
 * the stream going on in a new segment). Requests are frames of a 1-byte operation (`o` open, `a` audio, `c` cut the
 * segment here, `e` end, `x` abort), a 4-byte big-endian stream id, a 4-byte big-endian length and that many bytes of 16 kHz
 * PCM16LE mono; each is answered with one JSON line naming the stream. Decoders of finished streams are
 * kept for the next ones: a decoder costs ~90 MB and ~0.3 s to load, and its live cepstral mean, adapted
 * to the speech it heard, recognises a new stream's first seconds better than a fresh one's.
 * Its settings and pipe helpers are the whole-utterance worker's (pocketsphinx-worker-script.ts).
 */
export const POCKETSPHINX_STREAM_WORKER_SCRIPT = String.raw`
import json, os, struct, sys
from pocketsphinx import Decoder

hmm, lm, dictionary, settings, max_streams, endpointing = sys.argv[1:7]
max_streams = int(max_streams)
endpointing = endpointing == 'yes'
${DECODER_CONFIG_PYTHON}
idle = [Decoder(config)]
streams = {}
logmath = idle[0].get_logmath()
source = sys.stdin.buffer

${WORKER_IO_PYTHON}

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
        elif operation == 'c':
            # The caller's cut (its pause rules): this segment is final, the stream goes on.
            stream = streams[stream_id]
            final = finish_segment(stream)
            stream['decoder'].start_utt()
            stream['in_speech'] = False
            final.update({'type': 'final', 'id': stream_id})
            reply(final)
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
export type StreamOperation = 'open' | 'audio' | 'cut' | 'end' | 'abort';

/** The operation byte that starts a request frame. */
export const OPERATION_BYTES: Readonly<Record<StreamOperation, number>> = {
  open: 0x6f, // o
  audio: 0x61, // a
  cut: 0x63, // c
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

/** A line the worker writes: a reply to one stream's request, its readiness, or a stream's error. */
export type ParsedReply =
  StreamWorkerReply | { type: 'ready' } | { type: 'error'; id: number; code: string; message: string };

/**
 * Reads one line of the worker's output; undefined for anything that is not one of its replies.
 *
 * @example
 * parseReply('{"type":"opened","id":1}'); // { type: 'opened', id: 1 }
 */
export function parseReply(line: string): ParsedReply | undefined {
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
