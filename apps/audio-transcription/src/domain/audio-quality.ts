import type { AudioQualityIssue, AudioQualityWarningMessage } from '@lingocast/contract';
import { FULL_SCALE, decodePcm16, frameLevelsDb, frameSampleCount } from './pcm';

/** One problem found in the speaker's audio: the payload of an `audioQualityWarning` message. */
export type AudioQualityFinding = Pick<
  AudioQualityWarningMessage,
  'issue' | 'value' | 'threshold' | 'message'
>;

export interface QualityOptions {
  /** A sample at or above this fraction of full scale counts as clipped. Default 0.98. */
  clippingLevel?: number;
  /** Clipping is reported when more than this percentage of a window's samples clip. Default 1 (%). */
  maxClippedPercent?: number;
  /** Window over which the clipped percentage is measured. Default 1000 ms. */
  clippingWindowMs?: number;
  /** Signal-to-noise ratio below this is reported. Default 20 dB. */
  minSnrDb?: number;
  /** Frames quieter than this are silence. Default −50 dBFS. */
  silenceDb?: number;
  /** A silent stretch longer than this is reported. Default 5000 ms. */
  maxSilenceMs?: number;
  /** Analysis frame for levels. Default 20 ms. */
  frameMs?: number;
}

const DEFAULTS: Required<QualityOptions> = {
  clippingLevel: 0.98,
  maxClippedPercent: 1,
  clippingWindowMs: 1000,
  minSnrDb: 20,
  silenceDb: -50,
  maxSilenceMs: 5000,
  frameMs: 20,
};

/** Fewer frames than this (0.5 s at 20 ms) give no usable noise-floor estimate. */
const MIN_FRAMES_FOR_SNR = 25;

/**
 * Looks for clipping, a low signal-to-noise ratio and long silence in PCM16LE mono audio.
 * SNR is estimated as the 90th minus the 10th percentile of frame levels (speech frames vs the noise floor
 * in pauses), so it needs some pause in the audio to be meaningful.
 *
 * @example
 * detectQualityIssues(pcm, 16000);
 * // [{ issue: 'clipping', value: 3.2, threshold: 1, message: '3.2 % of samples clip …' }]
 */
export function detectQualityIssues(
  pcm: Buffer,
  sampleRate: number,
  options: QualityOptions = {},
): AudioQualityFinding[] {
  const settings = { ...DEFAULTS, ...options };
  const samples = decodePcm16(pcm);
  const levelsDb = frameLevelsDb(samples, sampleRate, settings.frameMs);
  const findings: AudioQualityFinding[] = [];

  const clippedPercent = worstClippedPercent(samples, sampleRate, settings);
  if (clippedPercent > settings.maxClippedPercent) {
    findings.push(
      finding(
        'clipping',
        round1(clippedPercent),
        settings.maxClippedPercent,
        `${round1(clippedPercent)} % of samples clip (limit ${settings.maxClippedPercent} %): lower the microphone gain`,
      ),
    );
  }

  const speechDb = percentile(levelsDb, 0.9);
  if (levelsDb.length >= MIN_FRAMES_FOR_SNR && speechDb > settings.silenceDb) {
    const snrDb = speechDb - percentile(levelsDb, 0.1);
    if (snrDb < settings.minSnrDb) {
      findings.push(
        finding(
          'low_snr',
          round1(snrDb),
          settings.minSnrDb,
          `speech is only ${round1(snrDb)} dB above the background noise (minimum ${settings.minSnrDb} dB): move closer to the microphone or reduce noise`,
        ),
      );
    }
  }

  const silenceMs = longestRun(levelsDb, (level) => level < settings.silenceDb) * settings.frameMs;
  if (silenceMs > settings.maxSilenceMs) {
    findings.push(
      finding(
        'silence',
        round1(silenceMs / 1000),
        settings.maxSilenceMs / 1000,
        `no sound for ${round1(silenceMs / 1000)} s (level below ${settings.silenceDb} dBFS): check that the microphone is on`,
      ),
    );
  }
  return findings;
}

export interface QualityWarningThrottleOptions {
  /** Milliseconds since the epoch; injected so tests control time. */
  now: () => number;
  /** Minimum time between two warnings of one kind in one session. Default 60 000 ms. */
  intervalMs?: number;
}

/**
 * Lets at most one warning per issue kind per session through per interval (default 60 s), so a speaker
 * with a clipping microphone is told once a minute, not once per chunk. In memory: one Lambda instance's
 * view only; durable throttling across instances belongs to the caller's store.
 *
 * @example
 * const throttle = new QualityWarningThrottle({ now: () => Date.now() });
 * if (throttle.allow(sessionId, 'clipping')) await send(warning);
 */
export class QualityWarningThrottle {
  private readonly now: () => number;
  private readonly intervalMs: number;
  private readonly lastWarnedAt = new Map<string, number>();

  constructor(options: QualityWarningThrottleOptions) {
    this.now = options.now;
    this.intervalMs = options.intervalMs ?? 60_000;
  }

  /** True when a warning of this kind may be sent for the session now; records it as sent. */
  allow(sessionId: string, issue: AudioQualityIssue): boolean {
    const now = this.now();
    this.forgetExpired(now);
    const key = `${sessionId}\u0000${issue}`;
    const last = this.lastWarnedAt.get(key);
    if (last !== undefined && now - last < this.intervalMs) return false;
    this.lastWarnedAt.set(key, now);
    return true;
  }

  /** Drops every record of a session (it ended). */
  forgetSession(sessionId: string): void {
    for (const key of this.lastWarnedAt.keys()) {
      if (key.startsWith(`${sessionId}\u0000`)) this.lastWarnedAt.delete(key);
    }
  }

  // Entries older than the interval decide nothing any more; dropping them bounds memory.
  private forgetExpired(now: number): void {
    for (const [key, at] of this.lastWarnedAt) {
      if (now - at >= this.intervalMs) this.lastWarnedAt.delete(key);
    }
  }
}

function worstClippedPercent(
  samples: Int16Array,
  sampleRate: number,
  settings: Required<QualityOptions>,
): number {
  const clipAt = settings.clippingLevel * FULL_SCALE;
  const windowLength = frameSampleCount(sampleRate, settings.clippingWindowMs);
  let worst = 0;
  for (let start = 0; start < samples.length; start += windowLength) {
    const window = samples.subarray(start, start + windowLength);
    let clipped = 0;
    for (const sample of window) if (Math.abs(sample) >= clipAt) clipped += 1;
    worst = Math.max(worst, (clipped / window.length) * 100);
  }
  return worst;
}

/** Nearest-rank percentile (`fraction` in 0…1); −Infinity for no values. */
function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((left, right) => left - right);
  const value = sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))];
  return value ?? Number.NEGATIVE_INFINITY;
}

function longestRun<T>(values: readonly T[], matches: (value: T) => boolean): number {
  let longest = 0;
  let current = 0;
  for (const value of values) {
    current = matches(value) ? current + 1 : 0;
    longest = Math.max(longest, current);
  }
  return longest;
}

function finding(
  issue: AudioQualityIssue,
  value: number,
  threshold: number,
  message: string,
): AudioQualityFinding {
  return { issue, value, threshold, message };
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
