import { ENV } from '@lingocast/config';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '@lingocast/local-services';
import { LOCAL_STAGE } from './create-tables';
import type { PortPlan } from './ports';
import { LOCAL_CLIENT_ID } from './token-issuer';

/** Log levels the services accept (pino's). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Inherited variables the apps must not get: AWS settings that would point the SDK at a real account
 * instead of the dummy credentials, and the stage tool's own tsconfig (tsx passes it to children through
 * the environment; each app's serverless.js loads its config with tsx and its own tsconfig).
 */
const NOT_INHERITED = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'TSX_TSCONFIG_PATH',
];

/** Silences the AWS SDK's "versions after January 2027 need Node 22" warning. */
export const AWS_SDK_NODE_WARNING = 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED';

/**
 * The settings every app of the local stage gets: where DynamoDB Local, the other apps' Lambda
 * endpoints, the WebSocket management API and the token issuer are. `overrides` win (tests use
 * them to shorten timers, e.g. `{ [ENV.utterancePauseMs]: '300' }`).
 *
 * @example
 * stageEnvironment(DEV_PORTS)[ENV.dynamoDbEndpoint]; // 'http://127.0.0.1:8100'
 */
export function stageEnvironment(
  ports: PortPlan,
  options: { logLevel?: LogLevel; overrides?: Record<string, string> } = {},
): Record<string, string> {
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const issuer = local(ports.tokenIssuer);
  return {
    [ENV.stage]: LOCAL_STAGE,
    [ENV.region]: LOCAL_REGION,
    // Standard AWS SDK variables: handlers under serverless-offline need some credentials to sign requests.
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    [ENV.dynamoDbEndpoint]: local(ports.dynamodb),
    [ENV.sessionManagementLambdaEndpoint]: local(ports.apps['session-management'].lambda),
    [ENV.audioTranscriptionLambdaEndpoint]: local(ports.apps['audio-transcription'].lambda),
    [ENV.translationPipelineLambdaEndpoint]: local(ports.apps['translation-pipeline'].lambda),
    [ENV.websocketManagementEndpoint]: local(ports.apps['session-management'].websocket),
    [ENV.jwtIssuer]: issuer,
    [ENV.jwksUrl]: `${issuer}/.well-known/jwks.json`,
    [ENV.jwtAudience]: LOCAL_CLIENT_ID,
    [ENV.speechProvider]: 'offline',
    [ENV.logLevel]: options.logLevel ?? 'info',
    // Known and handled (SDK versions are pinned by the lock file); repeated in every handler's log otherwise.
    [AWS_SDK_NODE_WARNING]: 'true',
    ...options.overrides,
  };
}

/**
 * The environment of an app's serverless-offline process: this process's, without real AWS
 * credentials or the stage tool's tsconfig, plus the stage environment.
 *
 * @example
 * spawn('node', args, { env: processEnvironment(stageEnvironment(DEV_PORTS)) });
 */
export function processEnvironment(stageEnv: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of NOT_INHERITED) delete env[name];
  return { ...env, ...stageEnv };
}
