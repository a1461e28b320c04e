import { transcribeStreamingClient } from '@lingocast/aws';
import type { AudioTranscriptionConfig } from '../config';
import type { SpeechToText, StreamingSpeechToText } from '../ports';
import { TranscribeStreamingSpeechStreams } from './aws/transcribe-streaming-speech-streams';
import { TranscribeStreamingSpeechToText } from './aws/transcribe-streaming-speech-to-text';
import { PocketsphinxSpeechToText } from './offline/pocketsphinx-speech-to-text';
import {
  PocketsphinxStreamingSpeechToText,
  STREAMING_DECODER_OPTIONS,
} from './offline/pocketsphinx-streaming-speech-to-text';

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

/**
 * The streaming engine of the configured provider, for the follower: pocketsphinx's incremental decoding
 * on the local stage, one Transcribe Streaming request per speaking period on deployed stages.
 *
 * @example
 * const engine = createStreamingSpeechToText({ speechProvider: 'offline', region: 'eu-west-1' });
 */
export function createStreamingSpeechToText(
  config: Pick<AudioTranscriptionConfig, 'speechProvider' | 'region'>,
): StreamingSpeechToText {
  switch (config.speechProvider) {
    case 'offline':
      return new PocketsphinxStreamingSpeechToText({ decoderOptions: STREAMING_DECODER_OPTIONS });
    case 'aws':
      return new TranscribeStreamingSpeechStreams(transcribeStreamingClient({ region: config.region }));
  }
}
