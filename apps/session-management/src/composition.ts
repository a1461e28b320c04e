import { ApiGatewayConnectionGateway, documentClient, lambdaClient, managementClient } from '@lingocast/aws';
import { lazyConfig } from '@lingocast/config';
import { systemClock } from '@lingocast/lambda';
import { createLogger } from '@lingocast/logging';
import { DynamoReplayStore, DynamoSessionStore } from '@lingocast/session-data';
import { DynamoRateLimiter } from './adapters/dynamo-rate-limiter';
import { JoseTokenVerifier } from './adapters/jose-token-verifier';
import { LambdaAudioForwarder, LambdaConnectionGreeter } from './adapters/lambda-invokers';
import { randomIds } from './adapters/system';
import { WebSocketConnectionGateway } from './adapters/websocket-gateway';
import { loadSessionManagementConfig } from './config';
import type { TokenVerifier } from './ports';
import type { Deps } from './use-cases/deps';

export const logger = createLogger('session-management');

const config = lazyConfig(loadSessionManagementConfig);

let deps: Deps | undefined;
let verifier: TokenVerifier | undefined;

/** The use cases' dependencies, built once per warm Lambda on first use. */
export function getDeps(): Deps {
  if (deps) return deps;
  const c = config();
  const fanOut = new ApiGatewayConnectionGateway(
    managementClient({ region: c.region, endpoint: c.websocketManagementEndpoint }),
  );
  const db = documentClient({ region: c.region, endpoint: c.dynamoDbEndpoint });
  deps = {
    store: new DynamoSessionStore(db, c.tables),
    limits: new DynamoRateLimiter(db, c.tables.rateLimits, c.rateLimits),
    gateway: new WebSocketConnectionGateway(fanOut, 50),
    replay: new DynamoReplayStore(db, c.tables.replayWindow, { windowMs: c.replayWindowMs }),
    audio: new LambdaAudioForwarder(
      lambdaClient({ region: c.region, endpoint: c.audioTranscription.lambdaEndpoint }),
      c.audioTranscription.ingestFunction,
    ),
    greeter: new LambdaConnectionGreeter(
      lambdaClient({ region: c.region, endpoint: c.self.lambdaEndpoint }),
      c.self.connectionReadyFunction,
    ),
    clock: systemClock,
    ids: randomIds,
    settings: {
      maxListenersPerSession: c.maxListenersPerSession,
      maxActiveSessions: c.maxActiveSessions,
      sessionTtlHours: c.sessionTtlHours,
      sourceLanguages: c.sourceLanguages,
      targetLanguages: c.targetLanguages,
      lifecycle: c.lifecycle,
    },
    logger,
  };
  return deps;
}

/** The stage this function runs in (`local` on the laptop stage). */
export function getStage(): string {
  return config().stage;
}

/** The speaker-token verifier (JWKS cached across invocations). */
export function getTokenVerifier(): TokenVerifier {
  verifier ??= new JoseTokenVerifier(config().auth);
  return verifier;
}
