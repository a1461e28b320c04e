import { ConfigError } from '@lingocast/config';
import { loadAudioTranscriptionConfig } from './config';

const ENV = {
  STAGE: 'test',
  WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://ws.example.test/test',
  TRANSCRIBE_UTTERANCE_FUNCTION: 'audio-transcription-test-transcribeUtterance',
  TRANSLATE_UTTERANCE_FUNCTION: 'translation-pipeline-test-translateUtterance',
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
});
