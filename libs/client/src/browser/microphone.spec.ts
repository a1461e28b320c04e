import { workletSource } from './microphone';

describe('the capture worklet', () => {
  it('registers a processor that posts 16 kHz PCM16 chunks from the inlined resampler', () => {
    // Prepare: the AudioWorkletGlobalScope, as far as the worklet uses it.
    const posted: Uint8Array[] = [];
    let Processor: (new (options: unknown) => { process(inputs: Float32Array[][]): boolean }) | undefined;
    class AudioWorkletProcessor {
      port = { postMessage: (chunk: Uint8Array) => posted.push(chunk) };
    }
    const register = (_name: string, processor: typeof Processor) => {
      Processor = processor;
    };
    new Function('AudioWorkletProcessor', 'registerProcessor', 'sampleRate', workletSource())(
      AudioWorkletProcessor,
      register,
      48_000,
    );

    // Act
    const processor = Processor ? new Processor({ processorOptions: { chunkSamples: 4 } }) : undefined;
    const alive = processor?.process([[new Float32Array(12).fill(0.5)]]);

    // Assess
    expect(alive).toBe(true);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.length).toBe(8);
  });
});
