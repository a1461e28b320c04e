import { DeployError, deployedConfig, outputValue } from './deployed-config';

const outputs = [
  { OutputKey: 'HttpApiUrl', OutputValue: 'https://abc.execute-api.eu-west-1.amazonaws.com/' },
  { OutputKey: 'WebSocketUrl', OutputValue: 'wss://def.execute-api.eu-west-1.amazonaws.com/dev' },
  { OutputKey: 'UserPoolClientId', OutputValue: 'client123' },
  { OutputKey: 'UserPoolId', OutputValue: 'eu-west-1_pool' },
];

describe('deployedConfig', () => {
  it('makes config.json from session-management outputs, with Cognito sign-in in the stack region', () => {
    expect(deployedConfig({ stage: 'dev', region: 'eu-west-1', sessionManagement: outputs })).toEqual({
      stage: 'dev',
      httpUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com',
      websocketUrl: 'wss://def.execute-api.eu-west-1.amazonaws.com/dev',
      auth: { kind: 'cognito', region: 'eu-west-1', clientId: 'client123' },
    });
  });

  it('names the missing output and the stack when session-management is not deployed', () => {
    const missing = outputs.filter((output) => output.OutputKey !== 'WebSocketUrl');

    expect(() => deployedConfig({ stage: 'prod', region: 'eu-west-1', sessionManagement: missing })).toThrow(
      new DeployError(
        'stack lingocast-session-management-prod has no output WebSocketUrl: deploy session-management first',
      ),
    );
  });
});

describe('outputValue', () => {
  it('treats an empty value as missing', () => {
    expect(() => outputValue([{ OutputKey: 'SiteUrl', OutputValue: '' }], 'SiteUrl', 'web')).toThrow(
      DeployError,
    );
  });
});
