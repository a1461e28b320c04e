import { cutNext, requiredPauseMs } from './utterance-cutter';
import type { CutterSettings, StoredChunkSummary } from './utterance-cutter';

const SETTINGS: CutterSettings = { pauseMs: 500, maxUtteranceMs: 2_000, gapTimeoutMs: 3_000 };
const NOW = 1_000_000;
const live = { flush: false, nowMs: NOW };

/** A 250 ms chunk with speech; silence before/after the speech as given. */
function speech(
  sequenceNumber: number,
  silenceMs: { leading?: number; trailing?: number } = {},
  receivedAt = NOW,
): StoredChunkSummary {
  return {
    sequenceNumber,
    receivedAt,
    durationMs: 250,
    hasSpeech: true,
    leadingSilenceMs: silenceMs.leading ?? 0,
    trailingSilenceMs: silenceMs.trailing ?? 0,
  };
}

/** A 250 ms chunk without speech. */
function quiet(sequenceNumber: number, receivedAt = NOW): StoredChunkSummary {
  return {
    sequenceNumber,
    receivedAt,
    durationMs: 250,
    hasSpeech: false,
    leadingSilenceMs: 250,
    trailingSilenceMs: 250,
  };
}

describe('cutNext', () => {
  it('waits while speech goes on without a pause', () => {
    // Act
    const decision = cutNext(0, [speech(0), speech(1), speech(2)], SETTINGS, live);

    // Assess
    expect(decision).toEqual({ kind: 'wait' });
  });

  it('ends the utterance when the silence after speech reaches the pause length', () => {
    // Prepare
    const chunks = [speech(0), speech(1), quiet(2), quiet(3), speech(4)];

    // Act
    const decision = cutNext(0, chunks, SETTINGS, live);

    // Assess
    expect(decision).toEqual({
      kind: 'utterance',
      firstChunk: 0,
      lastChunk: 3,
      lastChunkReceivedAt: NOW,
      reason: 'pause',
    });
  });

  it('counts the silence at the end of the last speech chunk towards the pause', () => {
    // Prepare
    const chunks = [speech(0), speech(1, { trailing: 300 }), quiet(2)];

    // Act
    const decision = cutNext(0, chunks, SETTINGS, live);

    // Assess
    expect(decision).toMatchObject({ kind: 'utterance', lastChunk: 2, reason: 'pause' });
  });

  it('waits when the silence so far is shorter than the pause', () => {
    // Act
    const decision = cutNext(0, [speech(0), quiet(1)], SETTINGS, live);

    // Assess
    expect(decision).toEqual({ kind: 'wait' });
  });

  it('ends the utterance at the previous chunk when the pause falls between two speech chunks', () => {
    // Prepare
    const chunks = [speech(0), speech(1, { trailing: 250 }), speech(2, { leading: 250 })];

    // Act
    const decision = cutNext(0, chunks, SETTINGS, live);

    // Assess
    expect(decision).toEqual({
      kind: 'utterance',
      firstChunk: 0,
      lastChunk: 1,
      lastChunkReceivedAt: NOW,
      reason: 'pause',
    });
  });

  it('keeps speech together when the silence between chunks is shorter than the pause', () => {
    // Prepare
    const chunks = [speech(0, { trailing: 200 }), speech(1, { leading: 200 })];

    // Act
    const decision = cutNext(0, chunks, SETTINGS, live);

    // Assess
    expect(decision).toEqual({ kind: 'wait' });
  });

  it('cuts an utterance that reaches the maximum length', () => {
    // Prepare
    const chunks = Array.from({ length: 10 }, (_, index) => speech(index));

    // Act
    const decision = cutNext(0, chunks, SETTINGS, live);

    // Assess
    expect(decision).toEqual({
      kind: 'utterance',
      firstChunk: 0,
      lastChunk: 7,
      lastChunkReceivedAt: NOW,
      reason: 'maxLength',
    });
  });

  it('skips silence before any speech', () => {
    // Act
    const decision = cutNext(0, [quiet(0), quiet(1), speech(2), speech(3)], SETTINGS, live);

    // Assess
    expect(decision).toEqual({ kind: 'skip', firstChunk: 0, lastChunk: 1 });
  });

  it('skips silence already stored even before speech arrives', () => {
    // Act
    const decision = cutNext(0, [quiet(0), quiet(1)], SETTINGS, live);

    // Assess
    expect(decision).toEqual({ kind: 'skip', firstChunk: 0, lastChunk: 1 });
  });

  it('starts from the cursor and ignores chunks already claimed', () => {
    // Prepare
    const chunks = [speech(3), speech(4), speech(5), quiet(6), quiet(7)];

    // Act
    const decision = cutNext(5, chunks, SETTINGS, live);

    // Assess
    expect(decision).toMatchObject({ kind: 'utterance', firstChunk: 5, lastChunk: 7 });
  });

  it('waits for a missing chunk that may still arrive', () => {
    // Prepare
    const chunks = [speech(0), speech(1), quiet(3, NOW - 1_000), quiet(4, NOW - 1_000)];

    // Act
    const decision = cutNext(0, chunks, SETTINGS, live);

    // Assess
    expect(decision).toEqual({ kind: 'wait' });
  });

  it('waits when the chunk at the cursor is missing', () => {
    // Act
    const decision = cutNext(0, [speech(1), quiet(2), quiet(3)], SETTINGS, live);

    // Assess
    expect(decision).toEqual({ kind: 'wait' });
  });

  it('gives up on a missing chunk after the gap timeout and closes the utterance before it', () => {
    // Prepare
    const chunks = [speech(0, {}, NOW - 3_500), speech(1, {}, NOW - 3_250), speech(3, {}, NOW - 3_000)];

    // Act
    const decision = cutNext(0, chunks, SETTINGS, live);

    // Assess
    expect(decision).toEqual({
      kind: 'utterance',
      firstChunk: 0,
      lastChunk: 1,
      lastChunkReceivedAt: NOW - 3_250,
      reason: 'gap',
    });
  });

  it('skips over a missing chunk given up on when no speech came before it', () => {
    // Act
    const decision = cutNext(4, [speech(6, {}, NOW - 5_000)], SETTINGS, live);

    // Assess
    expect(decision).toEqual({ kind: 'skip', firstChunk: 4, lastChunk: 5 });
  });

  it('skips leading silence and the missing chunk together once the gap has timed out', () => {
    // Act
    const decision = cutNext(0, [quiet(0, NOW - 5_000), speech(2, {}, NOW - 4_000)], SETTINGS, live);

    // Assess
    expect(decision).toEqual({ kind: 'skip', firstChunk: 0, lastChunk: 1 });
  });

  it('closes the utterance in progress on flush', () => {
    // Act
    const decision = cutNext(0, [speech(0), speech(1, { trailing: 100 })], SETTINGS, {
      flush: true,
      nowMs: NOW,
    });

    // Assess
    expect(decision).toEqual({
      kind: 'utterance',
      firstChunk: 0,
      lastChunk: 1,
      lastChunkReceivedAt: NOW,
      reason: 'flush',
    });
  });

  it('skips what is left on flush when it holds no speech', () => {
    // Act
    const decision = cutNext(2, [quiet(2), quiet(3)], SETTINGS, { flush: true, nowMs: NOW });

    // Assess
    expect(decision).toEqual({ kind: 'skip', firstChunk: 2, lastChunk: 3 });
  });

  it('has nothing to do on flush when nothing is stored', () => {
    // Act
    const decision = cutNext(0, [], SETTINGS, { flush: true, nowMs: NOW });

    // Assess
    expect(decision).toEqual({ kind: 'wait' });
  });

  it('on flush, ends the utterance at a missing chunk instead of waiting for it', () => {
    // Act
    const decision = cutNext(0, [speech(0), speech(1), speech(3)], SETTINGS, { flush: true, nowMs: NOW });

    // Assess
    expect(decision).toMatchObject({ kind: 'utterance', firstChunk: 0, lastChunk: 1, reason: 'gap' });
  });

  it('on flush, skips past a missing chunk so the audio after it is still transcribed', () => {
    // Act: the cursor stands on the missing chunk 2
    const skip = cutNext(2, [speech(3), speech(4)], SETTINGS, { flush: true, nowMs: NOW });
    const rest = cutNext(3, [speech(3), speech(4)], SETTINGS, { flush: true, nowMs: NOW });

    // Assess
    expect(skip).toEqual({ kind: 'skip', firstChunk: 2, lastChunk: 2 });
    expect(rest).toMatchObject({ kind: 'utterance', firstChunk: 3, lastChunk: 4, reason: 'flush' });
  });

  it('reports when the chunk that ended the utterance was received', () => {
    // Prepare
    const chunks = [speech(0, {}, NOW - 600), quiet(1, NOW - 400), quiet(2, NOW - 150)];

    // Act
    const decision = cutNext(0, chunks, SETTINGS, live);

    // Assess
    expect(decision).toMatchObject({ kind: 'utterance', lastChunk: 2, lastChunkReceivedAt: NOW - 150 });
  });
});

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
