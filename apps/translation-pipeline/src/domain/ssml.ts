import type { EmotionDynamics, SpeakingRate, VolumeLevel } from '@lingocast/contract';

/** Engines that read our SSML: Amazon Polly neural voices (deployed) and espeak-ng (local stage). */
export type SsmlEngine = 'polly-neural' | 'espeak';

export interface SsmlOptions {
  engine: SsmlEngine;
}

/** SSML prosody rate for each measured speaking rate (keywords both Polly neural and espeak-ng read). */
export const PROSODY_RATE: Readonly<Record<SpeakingRate, string>> = {
  very_slow: 'x-slow',
  slow: 'slow',
  medium: 'medium',
  fast: 'fast',
  very_fast: 'x-fast',
};

/** SSML prosody volume for each measured level. SSML has no whisper; x-soft is the closest. */
export const PROSODY_VOLUME: Readonly<Record<VolumeLevel, string>> = {
  loud: 'loud',
  medium: 'medium',
  soft: 'soft',
  whisper: 'x-soft',
};

/**
 * Wraps text in SSML that carries the speaker's pace and loudness: `<speak><prosody rate volume>`.
 * Never sets pitch: Polly neural voices reject or ignore it. Without emotion the text is only escaped and
 * wrapped in `<speak>`. `engine` names the reader so each adapter states its target; today both produce
 * the same markup, as both read these keywords (verified with espeak-ng 1.51, which ignores `+ndB`
 * volumes, hence keywords rather than decibels).
 *
 * @example
 * buildSsml('Tom & Jerry', { volume: { level: 'loud', rmsDb: -8 }, rate: { level: 'fast', wordsPerMinute: 170 } }, { engine: 'espeak' });
 * // '<speak><prosody rate="fast" volume="loud">Tom &amp; Jerry</prosody></speak>'
 */
export function buildSsml(text: string, emotion: EmotionDynamics | undefined, _options: SsmlOptions): string {
  const body = escapeXml(text.replace(XML_FORBIDDEN_CONTROLS, '').trim());
  if (emotion === undefined) return `<speak>${body}</speak>`;
  const rate = PROSODY_RATE[emotion.rate.level];
  const volume = PROSODY_VOLUME[emotion.volume.level];
  return `<speak><prosody rate="${rate}" volume="${volume}">${body}</prosody></speak>`;
}

/**
 * Escapes text for an XML element or attribute: `& < > " '`.
 *
 * @example
 * escapeXml('a < b & "c"'); // 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => XML_ENTITIES[character] ?? character);
}

/** Control characters XML 1.0 forbids (all but tab, newline, carriage return); a parser would reject the SSML. */
const XML_FORBIDDEN_CONTROLS = /(?![\t\n\r])\p{Cc}/gu;

const XML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
