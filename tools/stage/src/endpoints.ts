import { LOCAL_STAGE } from './create-tables';
import { LOCAL_REGION } from './dynamodb-local';
import type { PortPlan } from './ports';

/** Where a running local stage answers: what tools, tests and clients connect to. */
export interface StageEndpoints {
  stage: 'local';
  region: string;
  /** session-management's HTTP API, e.g. `POST {httpApi}/sessions`. */
  httpApi: string;
  /** session-management's WebSocket API. */
  websocket: string;
  tokenIssuer: string;
  /** `POST` `{ "username": "alice" }` here for tokens. */
  tokenUrl: string;
  jwksUrl: string;
  dynamodb: string;
  /** serverless-offline's Lambda invoke endpoint of each app. */
  lambda: { sessionManagement: string; audioTranscription: string; translationPipeline: string };
}

/**
 * The endpoints of a stage running on a port plan.
 *
 * @example
 * endpointsFor(DEV_PORTS).httpApi; // 'http://127.0.0.1:4200'
 */
export function endpointsFor(ports: PortPlan): StageEndpoints {
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const tokenIssuer = local(ports.tokenIssuer);
  return {
    stage: LOCAL_STAGE,
    region: LOCAL_REGION,
    httpApi: local(ports.apps['session-management'].http),
    websocket: `ws://127.0.0.1:${ports.apps['session-management'].websocket}`,
    tokenIssuer,
    tokenUrl: `${tokenIssuer}/token`,
    jwksUrl: `${tokenIssuer}/.well-known/jwks.json`,
    dynamodb: local(ports.dynamodb),
    lambda: {
      sessionManagement: local(ports.apps['session-management'].lambda),
      audioTranscription: local(ports.apps['audio-transcription'].lambda),
      translationPipeline: local(ports.apps['translation-pipeline'].lambda),
    },
  };
}
