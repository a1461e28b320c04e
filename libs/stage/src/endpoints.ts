import { LOCAL_STAGE } from './create-tables';
import { LOCAL_REGION } from '@lingocast/local-services';
import type { PortPlan } from './ports';

/** Where a running local stage answers: what tools, tests and clients connect to. */
export interface StageEndpoints {
  stage: 'local';
  region: string;
  /** The speaker console, `http://127.0.0.1:4000` (the microphone needs localhost or HTTPS). */
  web: string;
  /** A listener page's URL, `http://127.0.0.1:4000/listen/<session id>`. */
  listenUrlPattern: string;
  /** LAN mode: the web server on the machine's LAN address, for phones in the room. */
  lan?: { address: string; web: string; listenUrlPattern: string };
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

/** Where a listener page of a session is, under a web origin: `<origin>/listen/<session id>`. */
export const LISTEN_PATH_PATTERN = '/listen/<session id>';

/**
 * The endpoints of a stage running on a port plan (with `lanAddress` in LAN mode).
 *
 * @example
 * endpointsFor(DEV_PORTS).httpApi; // 'http://127.0.0.1:4200'
 * endpointsFor(DEV_PORTS, { lanAddress: '192.168.1.23' }).lan?.listenUrlPattern; // 'http://192.168.1.23:4000/listen/<session id>'
 */
export function endpointsFor(ports: PortPlan, options: { lanAddress?: string } = {}): StageEndpoints {
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const tokenIssuer = local(ports.tokenIssuer);
  const web = local(ports.web);
  const lanWeb = options.lanAddress ? `http://${options.lanAddress}:${ports.web}` : undefined;
  return {
    stage: LOCAL_STAGE,
    region: LOCAL_REGION,
    web,
    listenUrlPattern: `${web}${LISTEN_PATH_PATTERN}`,
    ...(options.lanAddress && lanWeb
      ? {
          lan: {
            address: options.lanAddress,
            web: lanWeb,
            listenUrlPattern: `${lanWeb}${LISTEN_PATH_PATTERN}`,
          },
        }
      : {}),
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
