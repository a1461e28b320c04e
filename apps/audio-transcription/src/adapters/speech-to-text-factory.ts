import { transcribeStreamingClient } from '@lingocast/aws';
import type { AudioTranscriptionConfig } from '../config';
import type { SpeechToText } from '../ports';
import { TranscribeStreamingSpeechToText } from './aws/transcribe-streaming-speech-to-text';
import { PocketsphinxSpeechToText } from './offline/pocketsphinx-speech-to-text';

/**
 * The speech-to-text engine of the configured provider (`SPEECH_PROVIDER`): pocketsphinx on the local
 * stage, Transcribe Streaming in the configured region on deployed stages.
 *
 * @example
 * const stt = createSpeechToText({ speechProvider: 'aws', region: 'eu-west-1' });
 */
export function createSpeechToText(
  config: Pick<AudioTranscriptionConfig, 'speechProvider' | 'region'>,
): SpeechToText {
  switch (config.speechProvider) {
    case 'offline':
      return new PocketsphinxSpeechToText();
    case 'aws':
      return new TranscribeStreamingSpeechToText(transcribeStreamingClient({ region: config.region }));
  }
}
