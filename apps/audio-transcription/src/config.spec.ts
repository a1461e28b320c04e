import { ConfigError } from '@lingocast/config';
import { loadAudioTranscriptionConfig } from './config';

const ENV = {
  STAGE: 'test',
  WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://ws.example.test/test',
  TRANSCRIBE_UTTERANCE_FUNCTION: 'audio-transcription-test-transcribeUtterance',
  TRANSLATE_UTTERANCE_FUNCTION: 'translation-pipeline-test-translateUtterance',
  FOLLOW_AUDIO_FUNCTION: 'audio-transcription-test-followAudio',
  FAN_OUT_PARTIAL_FUNCTION: 'translation-pipeline-test-fanOutPartial',
};

describe('loadAudioTranscriptionConfig', () => {
  it('reads the functions to invoke and defaults the utterance settings', () => {
    // Act
    const config = loadAudioTranscriptionConfig(ENV);

    // Assess
    expect(config).toMatchObject({
      stage: 'test',
      transcribeFunction: 'audio-transcription-test-transcribeUtterance',
      translateFunction: 'translation-pipeline-test-translateUtterance',
      lambdaEndpoints: { self: undefined, translationPipeline: undefined },
      pauseMs: 500,
      maxUtteranceMs: 15_000,
      adaptivePause: { afterSpeechMs: 1_500, shortPauseMs: 250, minPauseMs: 150 },
    });
    expect(config.tables.audioChunks).toContain('test');
  });

  it('takes the pause and maximum length from the environment', () => {
    // Act
    const config = loadAudioTranscriptionConfig({
      ...ENV,
      UTTERANCE_PAUSE_MS: '700',
      MAX_UTTERANCE_MS: '8000',
    });

    // Assess
    expect(config).toMatchObject({ pauseMs: 700, maxUtteranceMs: 8_000 });
  });

  it('takes the adaptive pauses from the environment', () => {
    // Act
    const config = loadAudioTranscriptionConfig({
      ...ENV,
      UTTERANCE_SHORT_PAUSE_AFTER_SPEECH_MS: '2500',
      UTTERANCE_SHORT_PAUSE_MS: '300',
      UTTERANCE_MIN_PAUSE_MS: '200',
    });

    // Assess
    expect(config.adaptivePause).toEqual({ afterSpeechMs: 2_500, shortPauseMs: 300, minPauseMs: 200 });
  });

  it('keeps the default short pauses no longer than a shorter long pause', () => {
    // Act
    const config = loadAudioTranscriptionConfig({ ...ENV, UTTERANCE_PAUSE_MS: '120' });

    // Assess
    expect(config.adaptivePause).toMatchObject({ shortPauseMs: 120, minPauseMs: 120 });
  });

  it.each([
    [{ UTTERANCE_SHORT_PAUSE_MS: '600' }, 'UTTERANCE_SHORT_PAUSE_MS (600) ≤ UTTERANCE_PAUSE_MS (500)'],
    [{ UTTERANCE_MIN_PAUSE_MS: '300' }, 'UTTERANCE_MIN_PAUSE_MS (300) ≤ UTTERANCE_SHORT_PAUSE_MS (250)'],
  ])('refuses pauses that do not shrink (%o)', (env, message) => {
    // Act
    const load = () => loadAudioTranscriptionConfig({ ...ENV, ...env });

    // Assess
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(message);
  });

  it('refuses a pause that is not a positive integer', () => {
    // Act
    const load = () => loadAudioTranscriptionConfig({ ...ENV, UTTERANCE_PAUSE_MS: '-5' });

    // Assess
    expect(load).toThrow(ConfigError);
  });

  it('refuses to start without the translate function name', () => {
    // Act
    const load = () => loadAudioTranscriptionConfig({ ...ENV, TRANSLATE_UTTERANCE_FUNCTION: undefined });

    // Assess
    expect(load).toThrow(ConfigError);
  });

  it('streams per speaking period by default, and recognises whole utterances when asked', () => {
    // Act
    const streaming = loadAudioTranscriptionConfig(ENV);
    const whole = loadAudioTranscriptionConfig({ ...ENV, RECOGNITION_MODE: 'utterance' });

    // Assess
    expect(whole.recognition).toEqual({ mode: 'utterance' });
    expect(streaming.recognition).toEqual({
      mode: 'streaming',
      followFunction: 'audio-transcription-test-followAudio',
      fanOutPartialFunction: 'translation-pipeline-test-fanOutPartial',
    });
  });

  it('refuses an unknown recognition mode, and streaming without the functions it invokes', () => {
    expect(() => loadAudioTranscriptionConfig({ ...ENV, RECOGNITION_MODE: 'psychic' })).toThrow(ConfigError);
    const { FOLLOW_AUDIO_FUNCTION: _follow, ...withoutFollower } = ENV;
    expect(() => loadAudioTranscriptionConfig(withoutFollower)).toThrow(/FOLLOW_AUDIO_FUNCTION/);
  });
});
