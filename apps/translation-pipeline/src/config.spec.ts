import { ConfigError } from '@lingocast/config';
import { loadTranslationPipelineConfig } from './config';

const ENV = { STAGE: 'test', WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://ws.example.test/test' };

describe('loadTranslationPipelineConfig', () => {
  it('defaults the cache lifetime to 30 days and the fan-out to 64 connections at a time', () => {
    // Act
    const config = loadTranslationPipelineConfig(ENV);

    // Assess
    expect(config).toMatchObject({
      translationCacheTtlDays: 30,
      fanOutConcurrency: 64,
      websocketManagementEndpoint: 'https://ws.example.test/test',
    });
    expect(config.tables.translationCache).toContain('test');
  });

  it('takes the cache lifetime and fan-out from the environment', () => {
    // Act
    const config = loadTranslationPipelineConfig({
      ...ENV,
      TRANSLATION_CACHE_TTL_DAYS: '7',
      FAN_OUT_CONCURRENCY: '16',
    });

    // Assess
    expect(config).toMatchObject({ translationCacheTtlDays: 7, fanOutConcurrency: 16 });
  });

  it('refuses to start without the WebSocket management endpoint', () => {
    // Act
    const load = () => loadTranslationPipelineConfig({ STAGE: 'test' });

    // Assess
    expect(load).toThrow(ConfigError);
  });

  it('keeps a 5-minute replay window in its own table unless told otherwise', () => {
    // Act
    const defaults = loadTranslationPipelineConfig(ENV);
    const short = loadTranslationPipelineConfig({ ...ENV, REPLAY_WINDOW_MS: '30000' });

    // Assess
    expect(defaults.replayWindowMs).toBe(300_000);
    expect(defaults.tables.replayWindow).toBe('lingocast-test-replay-window');
    expect(short.replayWindowMs).toBe(30_000);
  });

  it.each(['0', '-5', 'soon', '999', '3600001', '1.5'])('refuses REPLAY_WINDOW_MS=%s', (value) => {
    // Act
    const load = () => loadTranslationPipelineConfig({ ...ENV, REPLAY_WINDOW_MS: value });

    // Assess
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/REPLAY_WINDOW_MS/);
  });
});
