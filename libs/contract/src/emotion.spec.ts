import { classifySpeakingRate, classifyVolume } from './emotion';

describe('classifyVolume', () => {
  it.each([
    [0, 'loud'],
    [-9.9, 'loud'],
    [-10, 'medium'],
    [-19.9, 'medium'],
    [-20, 'soft'],
    [-29.9, 'soft'],
    [-30, 'whisper'],
    [-90, 'whisper'],
  ])('classifies %d dBFS as %s', (rmsDb, expected) => {
    // Act
    const level = classifyVolume(rmsDb);

    // Assess
    expect(level).toBe(expected);
  });
});

describe('classifySpeakingRate', () => {
  it.each([
    [0, 'very_slow'],
    [99, 'very_slow'],
    [100, 'slow'],
    [129, 'slow'],
    [130, 'medium'],
    [160, 'medium'],
    [161, 'fast'],
    [190, 'fast'],
    [191, 'very_fast'],
    [400, 'very_fast'],
  ])('classifies %d words per minute as %s', (wordsPerMinute, expected) => {
    // Act
    const rate = classifySpeakingRate(wordsPerMinute);

    // Assess
    expect(rate).toBe(expected);
  });
});
