import { DEFAULT_SECONDS_PER_UTTERANCE, estimateMissedSeconds, spokenDuration } from './missed';
import type { Caption } from './state';

function sent(sequenceNumber: number, sentAt?: number): Caption {
  return {
    sequenceNumber,
    sourceLanguage: 'en',
    sourceText: 'Hello',
    targetLanguage: 'es',
    translatedText: 'Hola',
    receivedAtMs: 0,
    ...(sentAt === undefined ? {} : { sentAt }),
  };
}

describe('estimateMissedSeconds', () => {
  it('counts 5 s an utterance when the page has too few captions to tell the pace', () => {
    expect(DEFAULT_SECONDS_PER_UTTERANCE).toBe(5);
    expect(estimateMissedSeconds([], 8)).toBe(40);
    expect(estimateMissedSeconds([sent(3, 10_000)], 8)).toBe(40);
    expect(estimateMissedSeconds([sent(3), sent(9)], 2)).toBe(10);
  });

  it('takes the pace of the latest captions, pauses included, over their utterance numbers', () => {
    // 0 … 10 over 70 s: 7 s an utterance (a replayed 10 after a hole counts the same)
    const captions = [sent(0, 1_000_000), sent(1, 1_006_000), sent(10, 1_070_000)];
    expect(estimateMissedSeconds(captions, 6)).toBe(42);
  });

  it('looks at the last 20 captions only', () => {
    const slow = [sent(0, 0), sent(1, 600_000)];
    const steady = Array.from({ length: 20 }, (_, i) => sent(2 + i, 600_000 + i * 3_000));
    expect(estimateMissedSeconds([...slow, ...steady], 10)).toBe(30);
  });

  it('keeps the pace between 2 and 20 s an utterance (a clock step, an hour-long pause)', () => {
    expect(estimateMissedSeconds([sent(0, 0), sent(1, 3_600_000)], 3)).toBe(60);
    expect(estimateMissedSeconds([sent(0, 0), sent(10, 1_000)], 3)).toBe(6);
    expect(estimateMissedSeconds([sent(0, 5_000), sent(4, 1_000)], 3)).toBe(15);
  });
});

describe('spokenDuration', () => {
  it.each([
    [1, { unit: 'seconds', count: 5 }],
    [38, { unit: 'seconds', count: 40 }],
    [89, { unit: 'seconds', count: 90 }],
    [90, { unit: 'minutes', count: 2 }],
    [200, { unit: 'minutes', count: 3 }],
  ])('says %p s as %p', (seconds, spoken) => {
    expect(spokenDuration(seconds)).toEqual(spoken);
  });
});
