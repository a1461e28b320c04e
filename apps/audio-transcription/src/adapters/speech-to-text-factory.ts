import type { AudioTranscriptionConfig } from '../config';
import type { SpeechToText } from '../ports';
import { PocketsphinxSpeechToText } from './offline/pocketsphinx-speech-to-text';

/** The speech-to-text engine of the configured provider. */
export function createSpeechToText(
  config: Pick<AudioTranscriptionConfig, 'speechProvider' | 'region'>,
): SpeechToText {
  if (config.speechProvider === 'offline') return new PocketsphinxSpeechToText();
  throw new Error(
    'the aws speech provider (Transcribe Streaming) is not wired yet; set SPEECH_PROVIDER=offline',
  );
}
