import { measureEmotion } from './emotion';
import { encodePcm16 } from './pcm';

const SAMPLE_RATE = 16000;

/** A 440 Hz sine whose RMS level is `levelDb` dBFS. */
function tone(levelDb: number, seconds: number): Int16Array {
  const amplitude = 32768 * 10 ** (levelDb / 20) * Math.SQRT2;
  return Int16Array.from({ length: Math.round(SAMPLE_RATE * seconds) }, (_unused, index) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * 440 * index) / SAMPLE_RATE)),
  );
}

function silence(seconds: number): Int16Array {
  return new Int16Array(Math.round(SAMPLE_RATE * seconds));
}

/** Deterministic white noise at about `levelDb` dBFS RMS. */
function noise(levelDb: number, seconds: number): Int16Array {
  const amplitude = 32768 * 10 ** (levelDb / 20) * Math.sqrt(3); // uniform noise: RMS = amplitude / √3
  let state = 12345;
  return Int16Array.from({ length: Math.round(SAMPLE_RATE * seconds) }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.round(amplitude * ((state / 2147483648) * 2 - 1));
  });
}

function pcmOf(...parts: Int16Array[]): Buffer {
  const joined = new Int16Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return encodePcm16(joined);
}

describe('measureEmotion', () => {
  it.each([
    [-9.5, 'loud'],
    [-10.5, 'medium'],
    [-19.5, 'medium'],
    [-20.5, 'soft'],
    [-29.5, 'soft'],
    [-30.5, 'whisper'],
  ])('classifies a tone at %d dBFS as %s', (levelDb, expectedLevel) => {
    // Prepare
    const pcm = pcmOf(tone(levelDb, 1));

    // Act
    const emotion = measureEmotion({ pcm, sampleRate: SAMPLE_RATE, wordCount: 2 });

    // Assess
    expect(emotion.volume.level).toBe(expectedLevel);
    expect(emotion.volume.rmsDb).toBeCloseTo(levelDb, 1);
  });

  it('measures volume over speech only, so pauses do not make it softer', () => {
    // Prepare
    const pcm = pcmOf(silence(1), tone(-15, 1), silence(2));

    // Act
    const emotion = measureEmotion({ pcm, sampleRate: SAMPLE_RATE, wordCount: 3 });

    // Assess
    expect(emotion.volume.rmsDb).toBeCloseTo(-15, 1);
    expect(emotion.volume.level).toBe('medium');
  });

  it('counts words per minute over the voiced span, not leading or trailing silence', () => {
    // Prepare: 10 words in 4 s of speech, wrapped in 1 s and 2 s of silence
    const pcm = pcmOf(silence(1), tone(-15, 4), silence(2));

    // Act
    const emotion = measureEmotion({ pcm, sampleRate: SAMPLE_RATE, wordCount: 10 });

    // Assess
    expect(emotion.rate.wordsPerMinute).toBe(150);
    expect(emotion.rate.level).toBe('medium');
  });

  it('keeps pauses between words inside the voiced span', () => {
    // Prepare: speech, a 1 s pause, speech; 3 s from first to last voiced frame
    const pcm = pcmOf(tone(-15, 1), silence(1), tone(-15, 1));

    // Act
    const emotion = measureEmotion({ pcm, sampleRate: SAMPLE_RATE, wordCount: 10 });

    // Assess
    expect(emotion.rate.wordsPerMinute).toBe(200);
    expect(emotion.rate.level).toBe('very_fast');
  });

  it('does not count background noise below −50 dBFS as speech', () => {
    // Prepare
    const pcm = pcmOf(noise(-60, 1), tone(-15, 2), noise(-60, 2));

    // Act
    const emotion = measureEmotion({ pcm, sampleRate: SAMPLE_RATE, wordCount: 4 });

    // Assess
    expect(emotion.rate.wordsPerMinute).toBe(120);
    expect(emotion.rate.level).toBe('slow');
  });

  it('reports whisper at the silence floor and no rate when nothing was said', () => {
    // Prepare
    const pcm = pcmOf(silence(2));

    // Act
    const emotion = measureEmotion({ pcm, sampleRate: SAMPLE_RATE, wordCount: 0 });

    // Assess
    expect(emotion).toEqual({
      volume: { level: 'whisper', rmsDb: -100 },
      rate: { level: 'very_slow', wordsPerMinute: 0 },
    });
  });
});
