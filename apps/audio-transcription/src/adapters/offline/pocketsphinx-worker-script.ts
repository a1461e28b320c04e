// The whole-utterance worker's Python and the JSON lines it answers with (PocketsphinxSpeechToText runs it).

/**
 * Python that builds `config` from `hmm`, `lm`, `dictionary` and the `settings` JSON: whole numbers as ints,
 * booleans and floats as such, an unknown setting stops the worker. Both workers (whole-utterance and
 * streaming) run it.
 */
export const DECODER_CONFIG_PYTHON = String.raw`config = Decoder.default_config()
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
        config.set_string(name, str(value))`;

/** Python both workers use: `read_exactly` from `source`, `reply` with one JSON line, `is_filler` for non-words. */
export const WORKER_IO_PYTHON = String.raw`def read_exactly(count):
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
    return word.startswith('<') or word.startswith('[') or word.startswith('+')`;

/**
 * The worker run by `python3 -u -c <script> <hmm> <lm> <dict> <settings JSON>`: loads the model once, then
 * for each request reads a 4-byte big-endian length and that many bytes of 16 kHz PCM16LE mono, and answers
 * with one JSON line. Embedded because the TypeScript is bundled into one file and cannot ship sidecars.
 */
export const POCKETSPHINX_WORKER_SCRIPT = String.raw`
import json, os, struct, sys
from pocketsphinx import Decoder

hmm, lm, dictionary, settings = sys.argv[1:5]
${DECODER_CONFIG_PYTHON}
decoder = Decoder(config)
logmath = decoder.get_logmath()
source = sys.stdin.buffer

${WORKER_IO_PYTHON}

reply({'type': 'ready'})
while True:
    header = read_exactly(4)
    if header is None:
        break
    (length,) = struct.unpack('>I', header)
    pcm = read_exactly(length) if length > 0 else b''
    if pcm is None:
        break
    try:
        decoder.start_utt()
        decoder.process_raw(pcm, False, True)
        decoder.end_utt()
        hypothesis = decoder.hyp()
        posteriors = [logmath.exp(segment.prob) for segment in decoder.seg() if not is_filler(segment.word)]
        result = {'type': 'result', 'text': hypothesis.hypstr if hypothesis is not None else ''}
        if posteriors:
            result['confidence'] = sum(posteriors) / len(posteriors)
        reply(result)
    except Exception as error:
        reply({'type': 'error', 'message': repr(error)})
`;

/** One line the worker writes: it is ready, an utterance's words, or why it could not decode one. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; text: string; confidence?: number }
  | { type: 'error'; message: string };

/**
 * Reads one line of the worker's output; undefined for anything that is not one of its messages.
 *
 * @example
 * parseWorkerMessage('{"type":"result","text":"hello"}'); // { type: 'result', text: 'hello' }
 */
export function parseWorkerMessage(line: string): WorkerMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('type' in parsed)) return undefined;
  if (parsed.type === 'ready') return { type: 'ready' };
  if (parsed.type === 'error' && 'message' in parsed && typeof parsed.message === 'string') {
    return { type: 'error', message: parsed.message };
  }
  if (parsed.type === 'result' && 'text' in parsed && typeof parsed.text === 'string') {
    const confidence =
      'confidence' in parsed && typeof parsed.confidence === 'number' ? parsed.confidence : undefined;
    return confidence === undefined
      ? { type: 'result', text: parsed.text }
      : { type: 'result', text: parsed.text, confidence };
  }
  return undefined;
}
