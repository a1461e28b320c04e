import { useEnvironment } from '@lingocast/lambda/testing';
import { DynamoReplayStore, DynamoSessionStore } from '@lingocast/session-data';
import { DynamoTranslationCache } from './adapters/dynamo-translation-cache';
import { ApertiumTranslator } from './adapters/offline/apertium-translator';
import { WebSocketListenerGateway } from './adapters/websocket-listeners';
import { getDeps, getPartialDeps } from './composition';

useEnvironment({
  STAGE: 'test',
  SPEECH_PROVIDER: 'offline',
  WEBSOCKET_MANAGEMENT_ENDPOINT: 'https://ws.example.test/test',
});

describe('composition', () => {
  it('wires the session store, cache, gateway and the configured engines', () => {
    // Act
    const deps = getDeps();

    // Assess
    expect(deps.sessions).toBeInstanceOf(DynamoSessionStore);
    expect(deps.cache).toBeInstanceOf(DynamoTranslationCache);
    expect(deps.listeners).toBeInstanceOf(WebSocketListenerGateway);
    expect(deps.translator).toBeInstanceOf(ApertiumTranslator);
    expect(deps.replay).toBeInstanceOf(DynamoReplayStore);
    expect(deps.replay?.windowMs).toBe(300_000);
  });

  it('builds the dependencies once per warm Lambda', () => {
    // Act
    const first = getDeps();
    const second = getDeps();

    // Assess
    expect(second).toBe(first);
  });
});

describe('the partials’ composition', () => {
  it('wires only the session store and the gateway, once per warm Lambda', () => {
    // Act
    const first = getPartialDeps();
    const second = getPartialDeps();

    // Assess
    expect(first.sessions).toBeInstanceOf(DynamoSessionStore);
    expect(first.listeners).toBeInstanceOf(WebSocketListenerGateway);
    expect(Object.keys(first).sort()).toEqual(['clock', 'listeners', 'logger', 'sessions']);
    expect(second).toBe(first);
  });
});
