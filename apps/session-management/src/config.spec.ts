import { ConfigError } from '@lingocast/config';
import { loadSessionManagementConfig } from './config';

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
