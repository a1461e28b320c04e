import type { TranscriptMessage } from '@lingocast/contract';
import { MAX_REPLAY_ENTRY_BYTES, fitReplayEntry, inReplayWindow, replayEntryBytes } from './replay-store';
import type { ReplayEntry } from './replay-store';

function caption(sequenceNumber: number): TranscriptMessage {
  return {
    type: 'transcript',
    sessionId: 'golden-eagle-1',
    sequenceNumber,
    sourceLanguage: 'en',
    sourceText: 'Hello',
    targetLanguage: 'es',
    translatedText: 'Hola',
    timestamp: 1,
  };
}

function entry(audioFrames?: string[]): ReplayEntry {
  return {
    sessionId: 'golden-eagle-1',
    language: 'es',
    sequenceNumber: 1,
    caption: caption(1),
    audioFrames,
    recordedAt: 0,
  };
}

describe('inReplayWindow', () => {
  it('keeps an entry exactly windowMs old and drops one a millisecond older', () => {
    expect(inReplayWindow(1_000, 301_000, 300_000)).toBe(true);
    expect(inReplayWindow(1_000, 301_001, 300_000)).toBe(false);
  });
});

describe('fitReplayEntry', () => {
  it('keeps the audio of an entry that fits an item', () => {
    // Act
    const { kept, outcome } = fitReplayEntry(entry(['a'.repeat(32 * 1024), 'b'.repeat(32 * 1024)]));

    // Assess
    expect(outcome).toBe('recorded');
    expect(kept.audioFrames).toHaveLength(2);
  });

  it('keeps only the caption of an entry over MAX_REPLAY_ENTRY_BYTES', () => {
    // Prepare
    const frames = Array.from({ length: 12 }, () => 'x'.repeat(32 * 1024));
    const big = entry(frames);

    // Act
    const { kept, outcome } = fitReplayEntry(big);

    // Assess
    expect(replayEntryBytes(big)).toBeGreaterThan(MAX_REPLAY_ENTRY_BYTES);
    expect(outcome).toBe('captionOnly');
    expect(kept).not.toHaveProperty('audioFrames');
    expect(kept.caption).toEqual(big.caption);
    expect(big.audioFrames).toHaveLength(12);
  });

  it('counts multi-byte characters as the bytes they take', () => {
    expect(replayEntryBytes({ caption: caption(1), audioFrames: ['é'] })).toBe(
      2 + Buffer.byteLength(JSON.stringify(caption(1))),
    );
  });
});
