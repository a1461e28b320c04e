import { cutNext, requiredPauseMs } from './utterance-cutter';
import type { CutterSettings, StoredChunkSummary } from './utterance-cutter';
import { live, quiet, SETTINGS, speech } from './utterance-cutter.spec-helper';

// The adaptive pause: shorter once an utterance holds enough speech, shortest near the maximum length.

/** The stage's defaults: 500 ms while an utterance holds under 1.5 s of speech, then 250 ms, 150 ms at 15 s. */
const ADAPTIVE: CutterSettings = {
  pauseMs: 500,
  maxUtteranceMs: 15_000,
  gapTimeoutMs: 3_000,
  adaptive: { afterSpeechMs: 1_500, shortPauseMs: 250, minPauseMs: 150 },
};

/** `count` chunks of speech throughout, numbered from `from`. */
function talking(from: number, count: number): StoredChunkSummary[] {
  return Array.from({ length: count }, (_, index) => speech(from + index));
}

describe('cutNext with an adaptive pause', () => {
  it('cuts continuous speech at a 0.3 s gap between sentences once the utterance holds enough speech', () => {
    // Prepare: 1.85 s of speech, 150 + 150 ms of silence across chunks 7 and 8, the next sentence.
    const chunks = [
      ...talking(0, 7),
      speech(7, { trailing: 150 }),
      speech(8, { leading: 150 }),
      ...talking(9, 4),
    ];

    // Act
    const decision = cutNext(0, chunks, ADAPTIVE, live);

    // Assess
    expect(decision).toMatchObject({ kind: 'utterance', firstChunk: 0, lastChunk: 7, reason: 'pause' });
  });

  it('keeps a short first sentence with the next one, then cuts at the following 0.3 s gap', () => {
    // Prepare: 1.1 s of speech, a 0.3 s gap, 0.7 s more (1.8 s in all), another 0.3 s gap.
    const chunks = [
      ...talking(0, 4),
      speech(4, { trailing: 150 }),
      speech(5, { leading: 150 }),
      speech(6),
      speech(7, { trailing: 150 }),
      speech(8, { leading: 150 }),
      ...talking(9, 3),
    ];

    // Act
    const decision = cutNext(0, chunks, ADAPTIVE, live);

    // Assess
    expect(decision).toMatchObject({ kind: 'utterance', firstChunk: 0, lastChunk: 7, reason: 'pause' });
  });

  it('cuts at a 0.3 s gap that spans a whole silent chunk', () => {
    // Prepare: 20 ms at the end of chunk 7, all of chunk 8, 30 ms at the start of chunk 9.
    const chunks = [...talking(0, 7), speech(7, { trailing: 20 }), quiet(8), speech(9, { leading: 30 })];

    // Act
    const decision = cutNext(0, chunks, ADAPTIVE, live);

    // Assess
    expect(decision).toMatchObject({ kind: 'utterance', firstChunk: 0, lastChunk: 8, reason: 'pause' });
  });

  it('does not cut at a short hesitation early in an utterance ("In the beginning | was the word")', () => {
    // Prepare: 0.85 s of speech, a 350 ms hesitation, more speech.
    const chunks = [
      ...talking(0, 3),
      speech(3, { trailing: 150 }),
      speech(4, { leading: 200 }),
      ...talking(5, 4),
    ];

    // Act
    const decision = cutNext(0, chunks, ADAPTIVE, live);

    // Assess
    expect(decision).toEqual({ kind: 'wait' });
  });

  it('still ends a short utterance at the long pause', () => {
    // Prepare: 1 s of speech, then 500 ms of silence.
    const chunks = [...talking(0, 4), quiet(4), quiet(5)];

    // Act
    const decision = cutNext(0, chunks, ADAPTIVE, live);

    // Assess
    expect(decision).toMatchObject({ kind: 'utterance', lastChunk: 5, reason: 'pause' });
  });

  it('does not cut at a pause inside a sentence, shorter than the short pause', () => {
    // Prepare: 2 s of speech, a 200 ms pause between words, more speech.
    const chunks = [
      ...talking(0, 7),
      speech(7, { trailing: 100 }),
      speech(8, { leading: 100 }),
      ...talking(9, 4),
    ];

    // Act
    const decision = cutNext(0, chunks, ADAPTIVE, live);

    // Assess
    expect(decision).toEqual({ kind: 'wait' });
  });

  it('ends an utterance nearing the maximum length at a shorter pause than it needs earlier', () => {
    // Prepare: the same 200 ms pause after 13 s, where the pause needed has shrunk to 190 ms.
    const chunks = [
      ...talking(0, 51),
      speech(51, { trailing: 100 }),
      speech(52, { leading: 100 }),
      ...talking(53, 4),
    ];

    // Act
    const decision = cutNext(0, chunks, ADAPTIVE, live);

    // Assess
    expect(decision).toMatchObject({ kind: 'utterance', lastChunk: 51, reason: 'pause' });
  });

  it('still cuts speech without any pause at the maximum length', () => {
    // Act
    const decision = cutNext(0, talking(0, 70), ADAPTIVE, live);

    // Assess
    expect(decision).toMatchObject({ kind: 'utterance', firstChunk: 0, lastChunk: 59, reason: 'maxLength' });
  });

  it('counts only the voiced part of each chunk as speech', () => {
    // Prepare: six chunks voiced 50 ms each (300 ms of speech, not 1.5 s), then a 300 ms gap.
    const chunks = [
      ...Array.from({ length: 6 }, (_, index) => speech(index, { leading: 100, trailing: 100 })),
      speech(6, { leading: 200 }),
    ];

    // Act
    const decision = cutNext(0, chunks, ADAPTIVE, live);

    // Assess
    expect(decision).toEqual({ kind: 'wait' });
  });
});

describe('requiredPauseMs', () => {
  it('is the fixed pause without an adaptive setting, however long the utterance', () => {
    // Act
    const pauses = [0, 3_000, 14_000].map((ms) =>
      requiredPauseMs({ speechMs: ms, durationMs: ms }, SETTINGS),
    );

    // Assess
    expect(pauses).toEqual([500, 500, 500]);
  });

  it('is the long pause, then the short one, then shrinks linearly to the minimum at the maximum length', () => {
    // Act
    const pauses = [
      { speechMs: 1_000, durationMs: 1_200 },
      { speechMs: 1_500, durationMs: 1_800 },
      { speechMs: 9_000, durationMs: 10_000 },
      { speechMs: 11_000, durationMs: 12_500 },
      { speechMs: 14_000, durationMs: 15_000 },
    ].map((utterance) => requiredPauseMs(utterance, ADAPTIVE));

    // Assess
    expect(pauses).toEqual([500, 250, 250, 200, 150]);
  });

  it('shrinks near the maximum even while the utterance holds little speech', () => {
    // Act
    const pause = requiredPauseMs({ speechMs: 1_000, durationMs: 15_000 }, ADAPTIVE);

    // Assess
    expect(pause).toBe(150);
  });

  it('gives the fixed rule back when every pause is the long one', () => {
    // Prepare
    const fixed = { ...ADAPTIVE, adaptive: { afterSpeechMs: 1_500, shortPauseMs: 500, minPauseMs: 500 } };

    // Act
    const pauses = [0, 3_000, 14_000].map((ms) => requiredPauseMs({ speechMs: ms, durationMs: ms }, fixed));

    // Assess
    expect(pauses).toEqual([500, 500, 500]);
  });
});
