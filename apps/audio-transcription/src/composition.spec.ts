import { useEnvironment } from '@lingocast/lambda/testing';
import { DynamoAudioStore } from './adapters/dynamo-audio-store';
import {
  LambdaTranslationSink,
  LambdaUtteranceScheduler,
  WebSocketSpeakerNotifier,
} from './adapters/invokers';
import { PocketsphinxSpeechToText } from './adapters/offline/pocketsphinx-speech-to-text';
import { PocketsphinxStreamingSpeechToText } from './adapters/offline/pocketsphinx-streaming-speech-to-text';
import { DynamoStreamLeases } from './adapters/dynamo-stream-leases';
import { LambdaFollowerScheduler, LambdaPartialSink } from './adapters/invokers';
import { getDeps, getFollowerDeps, recognitionMode } from './composition';

useEnvironment({
  STAGE: 'test',
  SPEECH_PROVIDER: 'offline',
  WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://ws.example.test/test',
  TRANSCRIBE_UTTERANCE_FUNCTION: 'transcribe',
  TRANSLATE_UTTERANCE_FUNCTION: 'translate',
  FOLLOW_AUDIO_FUNCTION: 'follow',
  FAN_OUT_PARTIAL_FUNCTION: 'fan-out-partial',
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

  it('streams by default, with the follower’s lease, engine, invokers and timers', () => {
    // Act
    const deps = getFollowerDeps();
    const stop = deps.every?.(60_000, async () => undefined);
    stop?.();

    // Assess
    expect(recognitionMode()).toBe('streaming');
    expect(deps.leases).toBeInstanceOf(DynamoStreamLeases);
    expect(deps.streaming).toBeInstanceOf(PocketsphinxStreamingSpeechToText);
    expect(deps.followers).toBeInstanceOf(LambdaFollowerScheduler);
    expect(deps.partials).toBeInstanceOf(LambdaPartialSink);
    expect(deps.store).toBe(getDeps().store);
    expect(getFollowerDeps()).toBe(deps);
  });
});
