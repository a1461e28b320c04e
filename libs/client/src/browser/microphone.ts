import type { InputLevel } from './level-meter';
import { LevelMeter } from './level-meter';
import { Pcm16Resampler } from './resampler';

export interface MicrophoneOptions {
  /** Called with each chunk of 16 kHz mono PCM16LE, e.g. `(pcm) => speaker.sendAudio(pcm)`. */
  onChunk: (pcm: Uint8Array) => void;
  /** Chunk length, ms (default 250, what the server expects). */
  chunkMs?: number;
  /** The microphone to use (a `deviceId` from `listMicrophones`); default: the browser's choice. */
  deviceId?: string;
  /** Called with the input level about every `levelIntervalMs`, measured in the audio thread. */
  onLevel?: (level: InputLevel) => void;
  /** How often `onLevel` is called, ms (default 50). */
  levelIntervalMs?: number;
  /**
   * Called once when the device stops delivering audio by itself (unplugged, switched off, taken by
   * the system): the capture is over, so the page can say so instead of sending silence.
   */
  onEnded?: () => void;
  /** A stream to capture instead of asking for the microphone. */
  stream?: MediaStream;
  /** An AudioContext to use (default: a new one, closed by `stop`). */
  audioContext?: AudioContext;
}

export interface MicrophoneCapture {
  /** The rate the browser captures at (resampled to 16 kHz). */
  readonly inputSampleRate: number;
  /** The device in use (empty when the browser does not say). */
  readonly deviceId: string;
  /** The device's name, e.g. "MacBook Pro Microphone" (empty when the browser does not say). */
  readonly label: string;
  stop(): Promise<void>;
}

/** A microphone the browser offers; labels are empty until the page has microphone permission. */
export interface MicrophoneDevice {
  deviceId: string;
  label: string;
}

const PROCESSOR = 'lingocast-pcm16-capture';

/** The error for a browser without what capture needs (no mediaDevices, no AudioWorklet). */
function notSupported(what: string): Error {
  const error = new Error(
    `${what} is not available here (it needs https or localhost and a current browser)`,
  );
  error.name = 'NotSupportedError';
  return error;
}

function mediaDevicesOrThrow(): MediaDevices {
  const devices = (globalThis as { navigator?: { mediaDevices?: MediaDevices } }).navigator?.mediaDevices;
  if (!devices) throw notSupported('navigator.mediaDevices');
  return devices;
}

/**
 * The worklet (exported for tests): the tested resampler's and level meter's own sources, inlined,
 * so nothing else needs serving. It posts PCM chunks (Uint8Array) and levels ({ rmsDb, peakDb }).
 */
export function workletSource(): string {
  return `const Resampler = ${Pcm16Resampler.toString()};
const Meter = ${LevelMeter.toString()};
class Capture extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const { chunkSamples, levelIntervalMs } = options.processorOptions;
    this.resampler = new Resampler(sampleRate, chunkSamples);
    this.meter = levelIntervalMs > 0 ? new Meter(Math.max(1, Math.round((sampleRate * levelIntervalMs) / 1000))) : undefined;
  }
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    for (const chunk of this.resampler.push(channel)) this.port.postMessage(chunk, [chunk.buffer]);
    if (this.meter) for (const level of this.meter.push(channel)) this.port.postMessage(level);
    return true;
  }
}
registerProcessor('${PROCESSOR}', Capture);`;
}

/**
 * Captures the microphone as 16 kHz mono PCM16LE chunks (an AudioWorklet resamples off the main
 * thread) and, with `onLevel`, its input level for a meter. Call it from a user gesture: the
 * AudioContext is made before the permission prompt, so it is allowed to run. A failure is the
 * browser's error: `microphoneErrorKind(error)` says what a person can do about it.
 *
 * @example
 * const mic = await captureMicrophone({
 *   deviceId: chosen,
 *   onChunk: (pcm) => speaker.sendAudio(pcm),
 *   onLevel: ({ rmsDb }) => (meter.value = rmsDb),
 * });
 * console.log(`capturing from ${mic.label}`);
 * await mic.stop();
 */
export async function captureMicrophone(options: MicrophoneOptions): Promise<MicrophoneCapture> {
  // Made first, inside the gesture: one made after the permission prompt may start suspended.
  const context = options.audioContext ?? new AudioContext();
  const ownContext = !options.audioContext;
  let stream: MediaStream | undefined = options.stream;
  try {
    if (!context.audioWorklet) throw notSupported('AudioWorklet');
    stream ??= await mediaDevicesOrThrow().getUserMedia({
      audio: {
        channelCount: 1,
        echoCancellation: true,
        noiseSuppression: true,
        ...(options.deviceId ? { deviceId: { exact: options.deviceId } } : {}),
      },
    });
    return await startCapture(context, stream, options);
  } catch (error) {
    if (!options.stream) for (const track of stream?.getTracks() ?? []) track.stop();
    if (ownContext) await context.close().catch(() => undefined);
    throw error;
  }
}

async function startCapture(
  context: AudioContext,
  stream: MediaStream,
  options: MicrophoneOptions,
): Promise<MicrophoneCapture> {
  const url = URL.createObjectURL(new Blob([workletSource()], { type: 'text/javascript' }));
  try {
    await context.audioWorklet.addModule(url);
  } finally {
    URL.revokeObjectURL(url);
  }
  // Not awaited: without a user gesture resume() stays pending until there is one, and capture starts then.
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, PROCESSOR, {
    numberOfInputs: 1,
    numberOfOutputs: 0,
    channelCount: 1,
    channelCountMode: 'explicit',
    processorOptions: {
      chunkSamples: Math.round((16_000 * (options.chunkMs ?? 250)) / 1000),
      levelIntervalMs: options.onLevel ? (options.levelIntervalMs ?? 50) : 0,
    },
  });
  node.port.onmessage = (event: MessageEvent<Uint8Array | InputLevel>) => {
    if (event.data instanceof Uint8Array) options.onChunk(event.data);
    else options.onLevel?.(event.data);
  };
  source.connect(node);
  const track = stream.getAudioTracks()[0];
  const onEnded = () => options.onEnded?.();
  track?.addEventListener('ended', onEnded, { once: true });
  return {
    inputSampleRate: context.sampleRate,
    deviceId: track?.getSettings().deviceId ?? options.deviceId ?? '',
    label: track?.label ?? '',
    async stop() {
      track?.removeEventListener('ended', onEnded);
      node.port.onmessage = null;
      source.disconnect();
      node.disconnect();
      if (!options.stream) for (const each of stream.getTracks()) each.stop();
      if (!options.audioContext) await context.close();
    },
  };
}

/**
 * The microphones the browser offers, for a picker. Labels are empty (and ids may be) until the
 * page has microphone permission: list again after the first capture.
 *
 * @example
 * for (const { deviceId, label } of await listMicrophones()) picker.add(new Option(label || 'Microphone', deviceId));
 */
export async function listMicrophones(): Promise<MicrophoneDevice[]> {
  const devices = await mediaDevicesOrThrow().enumerateDevices();
  return devices
    .filter((device) => device.kind === 'audioinput')
    .map((device) => ({ deviceId: device.deviceId, label: device.label }));
}
