import { ConfigError } from '@lingocast/config';
import { activeSessionsAlarmThreshold, loadSessionManagementConfig, readMaxActiveSessions } from './config';

const ENV = {
  STAGE: 'test',
  AWS_REGION: 'eu-west-1',
  WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://ws.example.test/test',
  INGEST_AUDIO_FUNCTION: 'audio-transcription-test-ingestAudio',
  CONNECTION_READY_FUNCTION: 'session-management-test-connectionReady',
  JWT_ISSUER: 'https://issuer.example.test',
  JWKS_URL: 'https://issuer.example.test/.well-known/jwks.json',
  JWT_AUDIENCE: 'client-id',
  SPEECH_PROVIDER: 'offline',
};

describe('loadSessionManagementConfig', () => {
  it('reads every setting the stack provides', () => {
    // Act
    const config = loadSessionManagementConfig({
      ...ENV,
      MAX_LISTENERS_PER_SESSION: '50',
      SESSION_TTL_HOURS: '2',
    });

    // Assess
    expect(config).toMatchObject({
      stage: 'test',
      region: 'eu-west-1',
      websocketManagementEndpoint: 'https://ws.example.test/test',
      audioTranscription: {
        ingestFunction: 'audio-transcription-test-ingestAudio',
        lambdaEndpoint: undefined,
      },
      self: { connectionReadyFunction: 'session-management-test-connectionReady', lambdaEndpoint: undefined },
      auth: {
        issuer: 'https://issuer.example.test',
        jwksUrl: 'https://issuer.example.test/.well-known/jwks.json',
        audience: 'client-id',
      },
      maxListenersPerSession: 50,
      sessionTtlHours: 2,
    });
    expect(config.tables.sessions).toContain('test');
  });

  it('defaults to 500 listeners per session and the offline provider’s languages', () => {
    // Act
    const config = loadSessionManagementConfig(ENV);

    // Assess
    expect(config.maxListenersPerSession).toBe(500);
    expect(config.sourceLanguages).toEqual(['en']);
    expect(config.targetLanguages).toContain('es');
  });

  it('times the connection lifecycle as REQUIREMENTS says unless told otherwise', () => {
    // Act
    const defaults = loadSessionManagementConfig(ENV).lifecycle;
    const shortened = loadSessionManagementConfig({
      ...ENV,
      CONNECTION_REFRESH_AFTER_SECONDS: '3',
      CONNECTION_WARNING_AFTER_SECONDS: '6',
      CONNECTION_WARNING_INTERVAL_SECONDS: '2',
    }).lifecycle;

    // Assess
    expect(defaults).toEqual({
      refreshAfterMs: 100 * 60_000,
      warningAfterMs: 105 * 60_000,
      warningIntervalMs: 5 * 60_000,
      maxAgeMs: 120 * 60_000,
      idleTimeoutMs: 10 * 60_000,
      speakerGraceMs: 5 * 60_000,
      noticesPerSweep: 2_500,
    });
    expect(shortened).toMatchObject({ refreshAfterMs: 3000, warningAfterMs: 6000, warningIntervalMs: 2000 });
  });

  it("reads translation-pipeline's replay table and the window REPLAY_WINDOW_MS, 5 minutes by default", () => {
    // Act
    const defaults = loadSessionManagementConfig(ENV);
    const configured = loadSessionManagementConfig({ ...ENV, REPLAY_WINDOW_MS: '20000' });

    // Assess
    expect(defaults.tables.replayWindow).toBe('lingocast-test-replay-window');
    expect(defaults.replayWindowMs).toBe(300_000);
    expect(configured.replayWindowMs).toBe(20_000);
    expect(defaults.rateLimits.replay).toEqual({ max: 3, windowSeconds: 1 });
  });

  it.each(['999', '3600001'])('refuses REPLAY_WINDOW_MS=%s, as translation-pipeline does', (value) => {
    // Act
    const load = () => loadSessionManagementConfig({ ...ENV, REPLAY_WINDOW_MS: value });

    // Assess
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/REPLAY_WINDOW_MS/);
  });

  it('limits for a venue behind one address unless the RATE_LIMIT_* variables say otherwise', () => {
    // Act
    const defaults = loadSessionManagementConfig(ENV).rateLimits;
    const configured = loadSessionManagementConfig({
      ...ENV,
      RATE_LIMIT_LISTENER_JOINS: '300/30',
      RATE_LIMIT_CONNECTION_ATTEMPTS: '900/60',
      RATE_LIMIT_FAILED_CONNECTS: '20/120',
    }).rateLimits;

    // Assess: a 500-seat hall joins (twice) in a minute; four such halls share an address.
    expect(defaults).toMatchObject({
      listenerJoin: { max: 1000, windowSeconds: 60 },
      connectionAttempt: { max: 2000, windowSeconds: 60 },
      failedConnect: { max: 100, windowSeconds: 60 },
    });
    expect(configured).toMatchObject({
      listenerJoin: { max: 300, windowSeconds: 30 },
      connectionAttempt: { max: 900, windowSeconds: 60 },
      failedConnect: { max: 20, windowSeconds: 120 },
    });
  });

  it('sizes for 100 active sessions unless MAX_ACTIVE_SESSIONS says otherwise', () => {
    // Act
    const defaults = loadSessionManagementConfig(ENV);
    const sized = loadSessionManagementConfig({ ...ENV, MAX_ACTIVE_SESSIONS: '250' });

    // Assess
    expect(defaults.maxActiveSessions).toBe(100);
    expect(sized.maxActiveSessions).toBe(250);
    expect(readMaxActiveSessions({ MAX_ACTIVE_SESSIONS: '40' })).toBe(40);
    expect(() => readMaxActiveSessions({ MAX_ACTIVE_SESSIONS: 'lots' })).toThrow(ConfigError);
  });

  it.each([
    [100, 90],
    [250, 225],
    [15, 14],
    [1, 1],
  ])('puts the active-sessions alarm of a maximum of %i at %i (90 %%, rounded up)', (max, threshold) => {
    // Act
    const computed = activeSessionsAlarmThreshold(max);

    // Assess
    expect(computed).toBe(threshold);
  });

  it.each([
    'WEBSOCKET_MANAGEMENT_ENDPOINT',
    'INGEST_AUDIO_FUNCTION',
    'JWT_ISSUER',
    'JWKS_URL',
    'JWT_AUDIENCE',
  ])('refuses to start without %s', (name) => {
    // Prepare
    const env: Record<string, string | undefined> = { ...ENV, [name]: undefined };

    // Act
    const load = () => loadSessionManagementConfig(env);

    // Assess
    expect(load).toThrow(ConfigError);
  });
});
