import { cutNext } from './utterance-cutter';
import { live, NOW, quiet, SETTINGS, speech } from './utterance-cutter.spec-helper';

// A fixed pause, the maximum length, missing chunks and flushes; the adaptive pause: utterance-cutter-adaptive.spec.ts.

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
