import { QualityWarningThrottle, detectQualityIssues } from './audio-quality';
import { encodePcm16 } from './pcm';

const SAMPLE_RATE = 16000;

/** A 440 Hz sine of the given peak amplitude, clamped to 16 bits like a clipping converter would. */
function sine(peak: number, seconds: number): Int16Array {
  return Int16Array.from({ length: Math.round(SAMPLE_RATE * seconds) }, (_unused, index) =>
    Math.max(-32768, Math.min(32767, Math.round(peak * Math.sin((2 * Math.PI * 440 * index) / SAMPLE_RATE)))),
  );
}

/** Deterministic uniform white noise at about `levelDb` dBFS RMS. */
function noise(levelDb: number, seconds: number, seed = 7): Int16Array {
  const amplitude = 32768 * 10 ** (levelDb / 20) * Math.sqrt(3);
  let state = seed;
  return Int16Array.from({ length: Math.round(SAMPLE_RATE * seconds) }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return Math.round(amplitude * ((state / 2147483648) * 2 - 1));
  });
}

function mix(...signals: Int16Array[]): Int16Array {
  const length = Math.max(...signals.map((signal) => signal.length));
  return Int16Array.from({ length }, (_unused, index) =>
    Math.max(
      -32768,
      Math.min(
        32767,
        signals.reduce((sum, signal) => sum + (signal[index] ?? 0), 0),
      ),
    ),
  );
}

function concat(...parts: Int16Array[]): Int16Array {
  const joined = new Int16Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Half a second of tone, half a second of pause, repeated: speech-like on/off energy. */
function bursts(peak: number, count: number): Int16Array {
  return concat(
    ...Array.from({ length: count }, () => concat(sine(peak, 0.5), new Int16Array(SAMPLE_RATE / 2))),
  );
}

describe('detectQualityIssues', () => {
  it('finds nothing wrong with clean speech-like audio', () => {
    // Prepare
    const pcm = encodePcm16(mix(bursts(8000, 4), noise(-70, 4)));

    // Act
    const issues = detectQualityIssues(pcm, SAMPLE_RATE);

    // Assess
    expect(issues).toEqual([]);
  });

  it('reports clipping when more than 1 % of a window sits at full scale', () => {
    // Prepare: a sine driven to twice full scale is flat-topped most of the time
    const pcm = encodePcm16(sine(65536, 2));

    // Act
    const issues = detectQualityIssues(pcm, SAMPLE_RATE);

    // Assess
    const clipping = issues.find((issue) => issue.issue === 'clipping');
    expect(clipping).toMatchObject({ issue: 'clipping', threshold: 1 });
    expect(clipping?.value).toBeGreaterThan(50);
    expect(clipping?.message).toMatch(/clip/);
  });

  it('ignores a few clipped peaks below 1 % of the window', () => {
    // Prepare: 100 full-scale samples in one second (0.6 %)
    const samples = sine(8000, 1);
    samples.fill(32767, 1000, 1100);

    // Act
    const issues = detectQualityIssues(encodePcm16(samples), SAMPLE_RATE);

    // Assess
    expect(issues.map((issue) => issue.issue)).not.toContain('clipping');
  });

  it('reports low SNR when speech is barely above the background noise', () => {
    // Prepare: tone bursts at about −15 dBFS over noise at about −25 dBFS
    const pcm = encodePcm16(mix(bursts(8000, 4), noise(-25, 4)));

    // Act
    const issues = detectQualityIssues(pcm, SAMPLE_RATE);

    // Assess
    const lowSnr = issues.find((issue) => issue.issue === 'low_snr');
    expect(lowSnr).toMatchObject({ issue: 'low_snr', threshold: 20 });
    expect(lowSnr?.value).toBeGreaterThan(5);
    expect(lowSnr?.value).toBeLessThan(20);
  });

  it('reports silence longer than 5 s with its length in seconds', () => {
    // Prepare
    const pcm = encodePcm16(concat(sine(8000, 1), new Int16Array(SAMPLE_RATE * 6)));

    // Act
    const issues = detectQualityIssues(pcm, SAMPLE_RATE);

    // Assess
    expect(issues).toEqual([expect.objectContaining({ issue: 'silence', value: 6, threshold: 5 })]);
  });

  it('accepts a 4 s pause', () => {
    // Prepare
    const pcm = encodePcm16(concat(sine(8000, 1), new Int16Array(SAMPLE_RATE * 4), sine(8000, 1)));

    // Act
    const issues = detectQualityIssues(pcm, SAMPLE_RATE);

    // Assess
    expect(issues).toEqual([]);
  });

  it('does not call pure silence noisy', () => {
    // Prepare
    const pcm = encodePcm16(new Int16Array(SAMPLE_RATE * 7));

    // Act
    const issues = detectQualityIssues(pcm, SAMPLE_RATE);

    // Assess
    expect(issues.map((issue) => issue.issue)).toEqual(['silence']);
  });

  it('follows thresholds given as options', () => {
    // Prepare
    const pcm = encodePcm16(concat(sine(8000, 1), new Int16Array(SAMPLE_RATE * 3)));

    // Act
    const issues = detectQualityIssues(pcm, SAMPLE_RATE, { maxSilenceMs: 2000 });

    // Assess
    expect(issues).toEqual([expect.objectContaining({ issue: 'silence', value: 3, threshold: 2 })]);
  });
});

describe('QualityWarningThrottle', () => {
  function throttleAt(start: number): { throttle: QualityWarningThrottle; advance: (ms: number) => void } {
    let now = start;
    return {
      throttle: new QualityWarningThrottle({ now: () => now }),
      advance: (ms) => {
        now += ms;
      },
    };
  }

  it('lets the first warning of a kind through and holds repeats for 60 s', () => {
    // Prepare
    const { throttle, advance } = throttleAt(1_000_000);

    // Act
    const first = throttle.allow('session-1', 'clipping');
    advance(59_999);
    const repeat = throttle.allow('session-1', 'clipping');
    advance(1);
    const later = throttle.allow('session-1', 'clipping');

    // Assess
    expect([first, repeat, later]).toEqual([true, false, true]);
  });

  it('throttles each kind and each session separately', () => {
    // Prepare
    const { throttle } = throttleAt(0);
    throttle.allow('session-1', 'clipping');

    // Act
    const otherKind = throttle.allow('session-1', 'low_snr');
    const otherSession = throttle.allow('session-2', 'clipping');

    // Assess
    expect([otherKind, otherSession]).toEqual([true, true]);
  });

  it('starts afresh for a session that was forgotten', () => {
    // Prepare
    const { throttle } = throttleAt(0);
    throttle.allow('session-1', 'silence');
    throttle.allow('session-2', 'silence');

    // Act
    throttle.forgetSession('session-1');

    // Assess
    expect(throttle.allow('session-1', 'silence')).toBe(true);
    expect(throttle.allow('session-2', 'silence')).toBe(false);
  });

  it('uses a custom interval', () => {
    // Prepare
    let now = 0;
    const throttle = new QualityWarningThrottle({ now: () => now, intervalMs: 1000 });
    throttle.allow('session-1', 'clipping');

    // Act
    now = 1000;

    // Assess
    expect(throttle.allow('session-1', 'clipping')).toBe(true);
  });
});
