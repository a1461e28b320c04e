import type { WebConfig } from '../src/shared/config';

/** A CloudFormation stack's outputs as `aws cloudformation describe-stacks` lists them. */
export type StackOutputs = ReadonlyArray<{ OutputKey?: string; OutputValue?: string }>;

/** The session-management outputs the pages need (the framework adds HttpApiUrl for the HTTP API). */
export const SESSION_MANAGEMENT_OUTPUTS = ['HttpApiUrl', 'WebSocketUrl', 'UserPoolClientId'] as const;

/** A deploy step that cannot go on; `message` says what is missing and where to look. */
export class DeployError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeployError';
  }
}

/**
 * One output's value by key.
 *
 * @example
 * outputValue([{ OutputKey: 'SiteUrl', OutputValue: 'https://d1.cloudfront.net' }], 'SiteUrl', 'web') // 'https://d1.cloudfront.net'
 */
export function outputValue(outputs: StackOutputs, key: string, stack: string): string {
  const value = outputs.find((output) => output.OutputKey === key)?.OutputValue;
  if (!value) throw new DeployError(`stack ${stack} has no output ${key}: deploy session-management first`);
  return value;
}

/**
 * The config.json of a deployed stage, from session-management's stack outputs: absolute API URLs
 * and Cognito sign-in (the pages never compile an endpoint in).
 *
 * @example
 * deployedConfig({ stage: 'dev', region: 'eu-west-1', sessionManagement: outputs });
 * // { stage: 'dev', httpUrl: 'https://abc.execute-api…', websocketUrl: 'wss://…/dev', auth: { kind: 'cognito', … } }
 */
export function deployedConfig(input: {
  stage: string;
  region: string;
  sessionManagement: StackOutputs;
  stackName?: string;
}): WebConfig {
  const stack = input.stackName ?? `lingocast-session-management-${input.stage}`;
  const [httpUrl, websocketUrl, clientId] = SESSION_MANAGEMENT_OUTPUTS.map((key) =>
    outputValue(input.sessionManagement, key, stack),
  ) as [string, string, string];
  return {
    stage: input.stage,
    httpUrl: httpUrl.replace(/\/+$/, ''),
    websocketUrl,
    auth: { kind: 'cognito', region: input.region, clientId },
  };
}
