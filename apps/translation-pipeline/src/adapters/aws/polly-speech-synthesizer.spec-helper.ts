import { PollyClient } from '@aws-sdk/client-polly';
import type { EmotionDynamics } from '@lingocast/contract';

// Shared setup of the PollySpeechSynthesizer specs (polly-speech-synthesizer*.spec.ts).

/** A speaker measured loud and fast. */
export const loudAndFast: EmotionDynamics = {
  volume: { level: 'loud', rmsDb: -9 },
  rate: { level: 'fast', wordsPerMinute: 175 },
};

/** A speaker measured whispering, very slowly. */
export const whisperedSlowly: EmotionDynamics = {
  volume: { level: 'whisper', rmsDb: -45 },
  rate: { level: 'very_slow', wordsPerMinute: 80 },
};

/**
 * A Polly client with test credentials, for use under aws-sdk-client-mock.
 *
 * @example
 * const synthesizer = new PollySpeechSynthesizer(pollyTestClient());
 */
export function pollyTestClient(): PollyClient {
  return new PollyClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
}
