import { ApiGatewayConnectionGateway, documentClient, managementClient } from '@lingocast/aws';
import { lazyConfig } from '@lingocast/config';
import { systemClock } from '@lingocast/lambda';
import { createLogger } from '@lingocast/logging';
import { DynamoReplayStore, DynamoSessionStore } from '@lingocast/session-data';
import { DynamoTranslationCache } from './adapters/dynamo-translation-cache';
import { createSpeechProviders } from './adapters/speech-provider-factory';
import { WebSocketListenerGateway } from './adapters/websocket-listeners';
import { loadTranslationPipelineConfig } from './config';
import type { Deps } from './use-cases/deps';
import type { PartialDeps } from './use-cases/fan-out-partial';

export const logger = createLogger('translation-pipeline');
const config = lazyConfig(loadTranslationPipelineConfig);
let deps: Deps | undefined;
let partialDeps: PartialDeps | undefined;

/** The use case's dependencies, built once per warm Lambda. */
export function getDeps(): Deps {
  if (deps) return deps;
  const c = config();
  const db = documentClient({ region: c.region, endpoint: c.dynamoDbEndpoint });
  const gateway = new ApiGatewayConnectionGateway(
    managementClient({ region: c.region, endpoint: c.websocketManagementEndpoint }),
  );
  deps = {
    sessions: new DynamoSessionStore(db, c.tables),
    ...createSpeechProviders(c, logger),
    cache: new DynamoTranslationCache(db, c.tables.translationCache, c.translationCacheTtlDays),
    listeners: new WebSocketListenerGateway(gateway, c.fanOutConcurrency),
    clock: systemClock,
    logger,
    replay: new DynamoReplayStore(db, c.tables.replayWindow, { windowMs: c.replayWindowMs }),
  };
  return deps;
}

/** What the partials' fan-out needs, built once per warm Lambda: no translator, synthesizer or cache. */
export function getPartialDeps(): PartialDeps {
  if (partialDeps) return partialDeps;
  const c = config();
  const db = documentClient({ region: c.region, endpoint: c.dynamoDbEndpoint });
  const gateway = new ApiGatewayConnectionGateway(
    managementClient({ region: c.region, endpoint: c.websocketManagementEndpoint }),
  );
  partialDeps = {
    sessions: new DynamoSessionStore(db, c.tables),
    listeners: new WebSocketListenerGateway(gateway, c.fanOutConcurrency),
    clock: systemClock,
    logger,
  };
  return partialDeps;
}
