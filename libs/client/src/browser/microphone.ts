import { Pcm16Resampler } from './resampler';

export interface MicrophoneOptions {
  /** Called with each chunk of 16 kHz mono PCM16LE, e.g. `(pcm) => speaker.sendAudio(pcm)`. */
  onChunk: (pcm: Uint8Array) => void;
  /** Chunk length, ms (default 250, what the server expects). */
  chunkMs?: number;
  /** A stream to capture instead of asking for the microphone. */
  stream?: MediaStream;
  /** An AudioContext to use (default: a new one, closed by `stop`). */
  audioContext?: AudioContext;
}

export interface MicrophoneCapture {
  /** The rate the browser captures at (resampled to 16 kHz). */
  readonly inputSampleRate: number;
  stop(): Promise<void>;
}

const PROCESSOR = 'lingocast-pcm16-capture';

/** The worklet (exported for tests): the tested resampler's own source, inlined, so nothing else needs serving. */
export function workletSource(): string {
  return `const Resampler = ${Pcm16Resampler.toString()};
class Capture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    this.resampler = new Resampler(sampleRate, options.processorOptions.chunkSamples);
  }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) for (const chunk of this.resampler.push(channel)) this.port.postMessage(chunk, [chunk.buffer]);
    return true;
  }
}
registerProcessor('${PROCESSOR}', Capture);`;
}

/**
 * Captures the microphone as 16 kHz mono PCM16LE chunks (an AudioWorklet resamples off the main
 * thread). Call it from a user gesture (browsers require one to start audio).
 *
 * @example
 * const mic = await captureMicrophone({ onChunk: (pcm) => speaker.sendAudio(pcm) });
 * // … later
 * await mic.stop();
 */
export async function captureMicrophone(options: MicrophoneOptions): Promise<MicrophoneCapture> {
  const stream =
    options.stream ??
    (await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
    }));
  const context = options.audioContext ?? new AudioContext();
  const url = URL.createObjectURL(new Blob([workletSource()], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(url);
  } finally {
    URL.revokeObjectURL(url);
  }
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, PROCESSOR, {
    numberOfInputs: 1,
    numberOfOutputs: 0,
    channelCount: 1,
    channelCountMode: 'explicit',
    processorOptions: { chunkSamples: Math.round((16_000 * (options.chunkMs ?? 250)) / 1000) },
  });
  node.port.onmessage = (event: MessageEvent<Uint8Array>) => options.onChunk(event.data);
  source.connect(node);
  return {
    inputSampleRate: context.sampleRate,
    async stop() {
      node.port.onmessage = null;
      source.disconnect();
      node.disconnect();
      if (!options.stream) for (const track of stream.getTracks()) track.stop();
      if (!options.audioContext) await context.close();
    },
  };
}
