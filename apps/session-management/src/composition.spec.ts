import { useEnvironment } from '@lingocast/lambda/testing';
import { JoseTokenVerifier } from './adapters/jose-token-verifier';
import { LambdaAudioForwarder, LambdaConnectionGreeter } from './adapters/lambda-invokers';
import { WebSocketConnectionGateway } from './adapters/websocket-gateway';
import { getDeps, getTokenVerifier } from './composition';

const ENV = {
  STAGE: 'test',
  AWS_REGION: 'us-east-1',
  WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://ws.example.test/test',
  INGEST_AUDIO_FUNCTION: 'ingest',
  CONNECTION_READY_FUNCTION: 'ready',
  JWT_ISSUER: 'https://issuer.example.test',
  JWKS_URL: 'https://issuer.example.test/.well-known/jwks.json',
  JWT_AUDIENCE: 'client-id',
  SPEECH_PROVIDER: 'aws',
  MAX_LISTENERS_PER_SESSION: '42',
};
useEnvironment(ENV);

describe('composition', () => {
  it('wires the AWS adapters and the configured settings', () => {
    // Act
    const deps = getDeps();

    // Assess
    expect(deps.gateway).toBeInstanceOf(WebSocketConnectionGateway);
    expect(deps.audio).toBeInstanceOf(LambdaAudioForwarder);
    expect(deps.greeter).toBeInstanceOf(LambdaConnectionGreeter);
    expect(deps.settings.maxListenersPerSession).toBe(42);
    expect(deps.settings.sourceLanguages).toContain('de');
  });

  it('builds the dependencies once per warm Lambda', () => {
    // Act
    const first = getDeps();
    const second = getDeps();

    // Assess
    expect(second).toBe(first);
  });

  it('keeps one token verifier so the JWKS cache survives between invocations', () => {
    // Act
    const first = getTokenVerifier();
    const second = getTokenVerifier();

    // Assess
    expect(first).toBeInstanceOf(JoseTokenVerifier);
    expect(second).toBe(first);
  });
});
