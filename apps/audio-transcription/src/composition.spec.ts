import { useEnvironment } from '@lingocast/lambda/testing';
import { DynamoAudioStore } from './adapters/dynamo-audio-store';
import {
  LambdaTranslationSink,
  LambdaUtteranceScheduler,
  WebSocketSpeakerNotifier,
} from './adapters/invokers';
import { PocketsphinxSpeechToText } from './adapters/offline/pocketsphinx-speech-to-text';
import { getDeps } from './composition';

useEnvironment({
  STAGE: 'test',
  SPEECH_PROVIDER: 'offline',
  WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://ws.example.test/test',
  TRANSCRIBE_UTTERANCE_FUNCTION: 'transcribe',
  TRANSLATE_UTTERANCE_FUNCTION: 'translate',
  UTTERANCE_PAUSE_MS: '600',
});

describe('composition', () => {
  it('wires the AWS adapters, the configured engine and the utterance settings', () => {
    // Act
    const deps = getDeps();

    // Assess
    expect(deps.store).toBeInstanceOf(DynamoAudioStore);
    expect(deps.scheduler).toBeInstanceOf(LambdaUtteranceScheduler);
    expect(deps.translation).toBeInstanceOf(LambdaTranslationSink);
    expect(deps.speaker).toBeInstanceOf(WebSocketSpeakerNotifier);
    expect(deps.speechToText).toBeInstanceOf(PocketsphinxSpeechToText);
    expect(deps.settings).toMatchObject({ pauseMs: 600, qualityWarningIntervalMs: 60_000 });
  });

  it('builds the dependencies once per warm Lambda so the recogniser stays loaded', () => {
    // Act
    const first = getDeps();
    const second = getDeps();

    // Assess
    expect(second).toBe(first);
  });
});
