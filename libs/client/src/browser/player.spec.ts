import type { ReceivedAudio } from '../audio-assembler';
import { createAudioPlayer } from './player';

/** The part of AudioContext the player uses; MP3s whose first byte is 0 fail to decode. */
class FakeAudioContext {
  currentTime = 10;
  readonly destination = {};
  readonly started: Array<{ at: number; duration: number }> = [];

  createGain() {
    return { gain: { value: 1 }, connect: () => undefined };
  }

  async decodeAudioData(bytes: ArrayBuffer): Promise<{ duration: number }> {
    const first = new Uint8Array(bytes)[0] ?? 0;
    if (first === 0) throw new Error('EncodingError: unable to decode audio data');
    return { duration: first / 10 };
  }

  createBufferSource() {
    const source = {
      buffer: undefined as { duration: number } | undefined,
      connect: () => undefined,
      start: (at: number) => this.started.push({ at, duration: source.buffer?.duration ?? 0 }),
    };
    return source;
  }
}

function utterance(sequenceNumber: number, firstByte: number): ReceivedAudio {
  return {
    sequenceNumber,
    targetLanguage: 'es',
    format: 'mp3',
    audio: new Uint8Array([firstByte, 1, 2, 3]),
    durationMs: 1000,
    transcript: `utterance ${sequenceNumber}`,
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createAudioPlayer', () => {
  it('plays utterances back to back in order, skipping and reporting one it cannot decode', async () => {
    // Prepare
    const context = new FakeAudioContext();
    const undecodable: number[] = [];
    const player = createAudioPlayer({
      audioContext: context as unknown as AudioContext,
      onUndecodable: (audio) => undecodable.push(audio.sequenceNumber),
    });

    // Act: 0 decodes (2 s), 1 does not, 2 decodes (3 s)
    player.enqueue(utterance(0, 20));
    player.enqueue(utterance(1, 0));
    player.enqueue(utterance(2, 30));
    for (let i = 0; i < 10; i += 1) await settle();

    // Assess
    expect(context.started).toEqual([
      { at: 10.05, duration: 2 },
      { at: 12.05, duration: 3 },
    ]);
    expect(undecodable).toEqual([1]);
    expect(player.stats).toMatchObject({ played: 3, undecodable: 1, skipped: 0 });
    await player.stop();
  });
});
