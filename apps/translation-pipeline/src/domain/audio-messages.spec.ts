import type { TranslatedAudioMessage } from '@lingocast/contract';
import { LIMITS } from '@lingocast/contract';
import { splitAudioMessages } from './audio-messages';
import type { AudioMessageHeader } from './audio-messages';

const header: AudioMessageHeader = {
  type: 'translatedAudio',
  timestamp: Date.UTC(2025, 0, 1, 9, 0, 0),
  sessionId: 'golden-eagle-427',
  targetLanguage: 'es',
  sequenceNumber: 17,
  format: 'mp3',
  durationMs: 4_321,
  transcript: 'Bienaventurados los pacificadores, porque ellos serán llamados hijos de Dios.',
  emotion: { volume: { level: 'medium', rmsDb: -14 }, rate: { level: 'medium', wordsPerMinute: 150 } },
};

/** Bytes that are not all the same, so misplaced parts would be noticed. */
function mp3(bytes: number): Buffer {
  return Buffer.from(Array.from({ length: bytes }, (_, index) => (index * 7 + (index >> 8)) % 256));
}

function frameBytes(message: TranslatedAudioMessage): number {
  return Buffer.byteLength(JSON.stringify(message), 'utf8');
}

function reassemble(messages: readonly TranslatedAudioMessage[]): Buffer {
  return Buffer.concat(
    [...messages]
      .sort((left, right) => left.part - right.part)
      .map((message) => Buffer.from(message.audio, 'base64')),
  );
}

/** How many audio bytes one part carries for this header. */
function partCapacity(messageHeader: AudioMessageHeader): number {
  const [first] = splitAudioMessages(messageHeader, mp3(200_000));
  return Buffer.from(first?.audio ?? '', 'base64').length;
}

describe('splitAudioMessages', () => {
  it('sends short audio as one message holding all of it', () => {
    // Prepare
    const audio = mp3(5_000);

    // Act
    const messages = splitAudioMessages(header, audio);

    // Assess
    expect(messages).toEqual([{ ...header, part: 0, parts: 1, audio: audio.toString('base64') }]);
  });

  it.each([0, 1, 2, 3, 4, 1_000, 24_000, 24_500, 25_000, 49_000, 100_000, 400_000])(
    'keeps every serialised message of %i audio bytes within one 32 KB frame and loses nothing',
    (bytes) => {
      // Prepare
      const audio = mp3(bytes);

      // Act
      const messages = splitAudioMessages(header, audio);

      // Assess
      expect(messages.every((message) => frameBytes(message) <= LIMITS.maxFrameBytes)).toBe(true);
      expect(reassemble(messages).equals(audio)).toBe(true);
    },
  );

  it('numbers the parts 0…parts-1 and gives them all the same header', () => {
    // Prepare
    const audio = mp3(100_000);

    // Act
    const messages = splitAudioMessages(header, audio);

    // Assess
    expect(messages.length).toBeGreaterThan(3);
    expect(messages.map((message) => message.part)).toEqual(messages.map((_, index) => index));
    expect(messages.every((message) => message.parts === messages.length)).toBe(true);
    for (const { part: _part, parts: _parts, audio: _audio, ...rest } of messages)
      expect(rest).toEqual(header);
  });

  it('fills parts so that no more are used than needed', () => {
    // Prepare
    const capacity = partCapacity(header);

    // Act
    const counts = [capacity - 1, capacity, capacity + 1, 2 * capacity, 2 * capacity + 1].map(
      (bytes) => splitAudioMessages(header, mp3(bytes)).length,
    );

    // Assess
    expect(capacity).toBeGreaterThan(20_000);
    expect(counts).toEqual([1, 1, 2, 2, 3]);
  });

  it('uses close to the whole frame for each full part', () => {
    // Act
    const [first] = splitAudioMessages(header, mp3(200_000));

    // Assess
    expect(first && frameBytes(first)).toBeGreaterThan(LIMITS.maxFrameBytes - 200);
  });

  it('accounts for transcripts in multi-byte scripts', () => {
    // Prepare
    const wide = { ...header, targetLanguage: 'zh', transcript: '使徒行传'.repeat(600) + '🙏'.repeat(200) };
    const audio = mp3(90_000);

    // Act
    const messages = splitAudioMessages(wide, audio);

    // Assess
    expect(messages.every((message) => frameBytes(message) <= LIMITS.maxFrameBytes)).toBe(true);
    expect(reassemble(messages).equals(audio)).toBe(true);
  });

  it('accounts for transcript characters JSON has to escape', () => {
    // Prepare
    const escaped = { ...header, transcript: '"\\\n\u0001'.repeat(1_500) };
    const audio = mp3(60_000);

    // Act
    const messages = splitAudioMessages(escaped, audio);

    // Assess
    expect(messages.every((message) => frameBytes(message) <= LIMITS.maxFrameBytes)).toBe(true);
    expect(reassemble(messages).equals(audio)).toBe(true);
  });

  it('respects a smaller frame limit', () => {
    // Prepare
    const audio = mp3(10_000);

    // Act
    const messages = splitAudioMessages(header, audio, 2_048);

    // Assess
    expect(messages.length).toBeGreaterThan(5);
    expect(messages.every((message) => frameBytes(message) <= 2_048)).toBe(true);
    expect(reassemble(messages).equals(audio)).toBe(true);
  });

  it('refuses a header that leaves no room for audio', () => {
    // Act
    const split = () => splitAudioMessages({ ...header, transcript: 'x'.repeat(40_000) }, mp3(10));

    // Assess
    expect(split).toThrow(RangeError);
  });
});
