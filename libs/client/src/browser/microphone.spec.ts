import { join } from 'node:path';
import { build } from 'esbuild';
import { captureMicrophone, listMicrophones, workletSource } from './microphone';

type Processor = { process(inputs: Float32Array[][]): boolean };

/** Runs the worklet's source in a stand-in AudioWorkletGlobalScope; returns what it posts. */
function loadWorklet(
  sampleRate: number,
  processorOptions: Record<string, number>,
  source: string = workletSource(),
) {
  const posted: unknown[] = [];
  let Registered: (new (options: unknown) => Processor) | undefined;
  class AudioWorkletProcessor {
    port = { postMessage: (message: unknown) => posted.push(message) };
  }
  const register = (_name: string, processor: typeof Registered) => {
    Registered = processor;
  };
  new Function('AudioWorkletProcessor', 'registerProcessor', 'sampleRate', source)(
    AudioWorkletProcessor,
    register,
    sampleRate,
  );
  const processor = Registered ? new Registered({ processorOptions }) : undefined;
  return { processor, posted };
}

describe('the capture worklet', () => {
  it('registers a processor that posts 16 kHz PCM16 chunks from the inlined resampler', () => {
    // Prepare
    const { processor, posted } = loadWorklet(48_000, { chunkSamples: 4, levelIntervalMs: 0 });

    // Act
    const alive = processor?.process([[new Float32Array(12).fill(0.5)]]);

    // Assess: no level meter asked for, so only the chunk
    expect(alive).toBe(true);
    expect(posted).toHaveLength(1);
    expect((posted[0] as Uint8Array).length).toBe(8);
  });

  it('also posts the input level every levelIntervalMs of input, from the inlined meter', () => {
    // Prepare: 1 kHz "audio thread", 10 ms level windows = 10 samples; chunks far off
    const { processor, posted } = loadWorklet(1_000, { chunkSamples: 1_000, levelIntervalMs: 10 });

    // Act: three render quanta of 8 samples at half scale, then one with nothing connected
    for (let i = 0; i < 3; i += 1) processor?.process([[new Float32Array(8).fill(0.5)]]);
    const alive = processor?.process([[]]);

    // Assess: 24 samples make two windows
    expect(alive).toBe(true);
    expect(posted).toEqual([
      { rmsDb: -6, peakDb: -6 },
      { rmsDb: -6, peakDb: -6 },
    ]);
  });
});

describe('the capture worklet, bundled by a page', () => {
  it('still works when the bundler lowers classes for older browsers and minifies (the web app’s settings)', async () => {
    // Prepare: microphone.ts as apps/web bundles it; helpers the bundler adds live outside the inlined classes
    const bundled = await build({
      entryPoints: [join(__dirname, 'microphone.ts')],
      bundle: true,
      format: 'cjs',
      platform: 'browser',
      target: ['es2020', 'safari14', 'chrome90', 'firefox90'],
      minify: true,
      write: false,
      logLevel: 'silent',
    });
    const module = { exports: {} as { workletSource?: () => string } };
    new Function('module', 'exports', bundled.outputFiles[0]?.text ?? '')(module, module.exports);
    const source = module.exports.workletSource?.() ?? '';

    // Act
    const { processor, posted } = loadWorklet(48_000, { chunkSamples: 4, levelIntervalMs: 1 }, source);
    processor?.process([[new Float32Array(48).fill(0.5)]]);

    // Assess: 48 samples at 48 kHz = 16 output samples (4 chunks) and one 1 ms level window
    expect(posted.filter((message) => message instanceof Uint8Array)).toHaveLength(4);
    expect(posted.filter((message) => !(message instanceof Uint8Array))).toEqual([{ rmsDb: -6, peakDb: -6 }]);
  });
});

class FakeTrack {
  readonly stop = jest.fn();
  private readonly endedListeners = new Set<() => void>();
  constructor(
    readonly label: string,
    private readonly deviceId: string,
  ) {}
  getSettings() {
    return { deviceId: this.deviceId };
  }
  addEventListener(_type: 'ended', listener: () => void) {
    this.endedListeners.add(listener);
  }
  removeEventListener(_type: 'ended', listener: () => void) {
    this.endedListeners.delete(listener);
  }
  /** The device went away (unplugged): browsers end its track. */
  end() {
    for (const listener of [...this.endedListeners]) listener();
  }
}

class FakeStream {
  constructor(readonly track: FakeTrack) {}
  getTracks() {
    return [this.track];
  }
  getAudioTracks() {
    return [this.track];
  }
}

class FakeAudioContext {
  state: 'suspended' | 'running' | 'closed' = 'suspended';
  readonly sampleRate = 44_100;
  readonly modules: string[] = [];
  readonly source = { connect: jest.fn(), disconnect: jest.fn() };
  readonly audioWorklet = { addModule: async (url: string) => void this.modules.push(url) };
  async resume() {
    this.state = 'running';
  }
  async close() {
    this.state = 'closed';
  }
  createMediaStreamSource() {
    return this.source;
  }
}

class FakeWorkletNode {
  static made: FakeWorkletNode[] = [];
  readonly port: { onmessage: ((event: { data: unknown }) => void) | null } = { onmessage: null };
  readonly disconnect = jest.fn();
  constructor(
    readonly context: unknown,
    readonly name: string,
    readonly options: { processorOptions: Record<string, number> },
  ) {
    FakeWorkletNode.made.push(this);
  }
}

function setGlobal(name: string, value: unknown): void {
  Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
}

describe('captureMicrophone', () => {
  const getUserMedia = jest.fn();
  const enumerateDevices = jest.fn();

  beforeEach(() => {
    FakeWorkletNode.made = [];
    setGlobal('navigator', { mediaDevices: { getUserMedia, enumerateDevices } });
    setGlobal('AudioWorkletNode', FakeWorkletNode);
  });

  afterEach(() => {
    jest.resetAllMocks();
    Reflect.deleteProperty(globalThis, 'navigator');
    Reflect.deleteProperty(globalThis, 'AudioWorkletNode');
  });

  it('opens the chosen device, hands chunks and levels over, and names the device in use', async () => {
    // Prepare
    const track = new FakeTrack('USB Lectern Mic', 'usb-1');
    getUserMedia.mockResolvedValue(new FakeStream(track));
    const context = new FakeAudioContext();
    const chunks: Uint8Array[] = [];
    const levels: unknown[] = [];

    // Act
    const capture = await captureMicrophone({
      deviceId: 'usb-1',
      onChunk: (pcm) => chunks.push(pcm),
      onLevel: (level) => levels.push(level),
      audioContext: context as unknown as AudioContext,
    });
    const node = FakeWorkletNode.made[0];
    node?.port.onmessage?.({ data: new Uint8Array(8_000) });
    node?.port.onmessage?.({ data: { rmsDb: -23.5, peakDb: -9 } });

    // Assess
    expect(getUserMedia).toHaveBeenCalledWith({
      audio: expect.objectContaining({ deviceId: { exact: 'usb-1' }, channelCount: 1 }),
    });
    expect(node?.options.processorOptions).toEqual({ chunkSamples: 4_000, levelIntervalMs: 50 });
    expect(context.modules).toHaveLength(1);
    expect(context.state).toBe('running');
    expect(chunks.map((chunk) => chunk.length)).toEqual([8_000]);
    expect(levels).toEqual([{ rmsDb: -23.5, peakDb: -9 }]);
    expect(capture).toMatchObject({ deviceId: 'usb-1', label: 'USB Lectern Mic', inputSampleRate: 44_100 });

    // Act: stop releases the device but leaves a context it was given
    await capture.stop();

    // Assess
    expect(track.stop).toHaveBeenCalled();
    expect(node?.disconnect).toHaveBeenCalled();
    expect(context.state).toBe('running');
  });

  it('tells the page when the device stops by itself, and not after the page stopped it', async () => {
    // Prepare
    const unplugged = new FakeTrack('USB Lectern Mic', 'usb-1');
    const stoppedByPage = new FakeTrack('Default', 'default');
    const ended: string[] = [];
    getUserMedia
      .mockResolvedValueOnce(new FakeStream(unplugged))
      .mockResolvedValueOnce(new FakeStream(stoppedByPage));
    const context = new FakeAudioContext() as unknown as AudioContext;
    await captureMicrophone({
      onChunk: () => undefined,
      onEnded: () => ended.push('usb'),
      audioContext: context,
    });
    const second = await captureMicrophone({
      onChunk: () => undefined,
      onEnded: () => ended.push('default'),
      audioContext: context,
    });

    // Act
    unplugged.end();
    await second.stop();
    stoppedByPage.end();

    // Assess
    expect(ended).toEqual(['usb']);
  });

  it('asks for no device and measures no level when not asked to', async () => {
    // Prepare
    getUserMedia.mockResolvedValue(new FakeStream(new FakeTrack('Default', 'default')));

    // Act
    await captureMicrophone({
      onChunk: () => undefined,
      audioContext: new FakeAudioContext() as unknown as AudioContext,
    });

    // Assess
    expect(getUserMedia.mock.calls[0]?.[0].audio).not.toHaveProperty('deviceId');
    expect(FakeWorkletNode.made[0]?.options.processorOptions.levelIntervalMs).toBe(0);
  });

  it('passes the browser’s refusal on and releases what it made', async () => {
    // Prepare
    const refusal = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    getUserMedia.mockRejectedValue(refusal);
    const context = new FakeAudioContext();
    setGlobal('AudioContext', function MadeHere() {
      return context;
    });

    // Act
    const capturing = captureMicrophone({ onChunk: () => undefined });

    // Assess: the context it made itself is closed again
    await expect(capturing).rejects.toBe(refusal);
    expect(context.state).toBe('closed');
    Reflect.deleteProperty(globalThis, 'AudioContext');
  });

  it('fails with NotSupportedError where the browser offers no microphone', async () => {
    setGlobal('navigator', {});
    await expect(
      captureMicrophone({
        onChunk: () => undefined,
        audioContext: new FakeAudioContext() as unknown as AudioContext,
      }),
    ).rejects.toMatchObject({ name: 'NotSupportedError' });
    await expect(listMicrophones()).rejects.toMatchObject({ name: 'NotSupportedError' });
  });

  it('lists only microphones, with their labels', async () => {
    // Prepare
    enumerateDevices.mockResolvedValue([
      { kind: 'audioinput', deviceId: 'default', label: 'Default', groupId: 'g' },
      { kind: 'videoinput', deviceId: 'cam', label: 'Camera', groupId: 'g' },
      { kind: 'audioinput', deviceId: 'usb-1', label: 'USB Lectern Mic', groupId: 'h' },
      { kind: 'audiooutput', deviceId: 'spk', label: 'Speakers', groupId: 'g' },
    ]);

    // Act
    const microphones = await listMicrophones();

    // Assess
    expect(microphones).toEqual([
      { deviceId: 'default', label: 'Default' },
      { deviceId: 'usb-1', label: 'USB Lectern Mic' },
    ]);
  });
});
