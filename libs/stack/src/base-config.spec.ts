import {
  baseServerlessConfig,
  esbuildWorkFolder,
  functionName,
  lambdaArn,
  passThroughEnv,
  serviceName,
  stageFromArgv,
  tableArn,
} from './base-config';
import type { BaseConfigOptions } from './base-config';

describe('serviceName and functionName', () => {
  it('prefixes the app with the project', () => {
    // Act
    const name = serviceName('session-management');

    // Assess
    expect(name).toBe('lingocast-session-management');
  });

  it('names a function the way Serverless does: service, stage, function', () => {
    // Act
    const name = functionName('audio-transcription', 'dev', 'ingestAudio');

    // Assess
    expect(name).toBe('lingocast-audio-transcription-dev-ingestAudio');
  });
});

describe('stageFromArgv', () => {
  it.each([
    [['node', 'sls', 'deploy', '--stage', 'prod'], 'prod'],
    [['node', 'sls', 'deploy', '-s', 'staging'], 'staging'],
    [['node', 'sls', 'package', '--stage=ci', '--region', 'eu-west-1'], 'ci'],
    [['node', 'sls', 'offline', 'start', '--stage', 'local', '--stage', 'other'], 'local'],
  ])('reads the stage from %j', (argv, expected) => {
    // Act
    const stage = stageFromArgv(argv, {});

    // Assess
    expect(stage).toBe(expected);
  });

  it('falls back to STAGE when the command line has none', () => {
    // Act
    const stage = stageFromArgv(['node', 'sls', 'package'], { STAGE: 'staging' });

    // Assess
    expect(stage).toBe('staging');
  });

  it('falls back to dev when neither says', () => {
    // Act
    const stage = stageFromArgv(['node', 'sls', 'package', '--stage'], {});

    // Assess
    expect(stage).toBe('dev');
  });

  it('reads the running process by default', () => {
    // Prepare
    const expected = process.env['STAGE'] ?? 'dev';

    // Act
    const stage = stageFromArgv();

    // Assess
    expect(stage).toBe(expected);
  });
});

describe('passThroughEnv', () => {
  it('copies only the named variables that have a value', () => {
    // Prepare
    const env = { DYNAMODB_ENDPOINT: 'http://127.0.0.1:8100', JWKS_URL: '', SECRET: 's3cret' };

    // Act
    const picked = passThroughEnv(['DYNAMODB_ENDPOINT', 'JWKS_URL', 'UTTERANCE_PAUSE_MS'], env);

    // Assess
    expect(picked).toEqual({ DYNAMODB_ENDPOINT: 'http://127.0.0.1:8100' });
  });

  it('reads the running process by default', () => {
    // Prepare
    const name = 'LINGOCAST_STACK_SPEC_VARIABLE';
    process.env[name] = 'present';

    // Act
    const picked = passThroughEnv([name]);
    delete process.env[name];

    // Assess
    expect(picked).toEqual({ [name]: 'present' });
  });
});

describe('baseServerlessConfig', () => {
  const options: BaseConfigOptions = {
    app: 'translation-pipeline',
    stage: 'staging',
    environment: { FAN_OUT_CONCURRENCY: '50', LOG_LEVEL: 'debug' },
    iamStatements: [{ Effect: 'Allow', Action: ['dynamodb:Query'], Resource: ['*'] }],
    functions: { translateUtterance: { handler: 'src/handlers/translate.handler' } },
    offlinePorts: { httpPort: 4400, websocketPort: 4401, lambdaPort: 4402 },
  };

  it('builds a v3 service of the app for the stage, on Node 22 arm64', () => {
    // Act
    const config = baseServerlessConfig(options);

    // Assess
    expect(config).toMatchObject({
      service: 'lingocast-translation-pipeline',
      frameworkVersion: '3',
      plugins: ['serverless-esbuild', 'serverless-offline'],
      provider: {
        name: 'aws',
        runtime: 'nodejs22.x',
        architecture: 'arm64',
        stage: 'staging',
        tags: { project: 'lingocast', app: 'translation-pipeline', stage: 'staging' },
        iam: { role: { statements: options.iamStatements } },
      },
      package: { individually: true },
      functions: options.functions,
      resources: { Resources: {}, Outputs: {} },
    });
  });

  it('sets STAGE for every function and lets the app add to or override the environment', () => {
    // Act
    const { environment } = baseServerlessConfig(options).provider;

    // Assess
    expect(environment).toMatchObject({ STAGE: 'staging', FAN_OUT_CONCURRENCY: '50', LOG_LEVEL: 'debug' });
  });

  it('takes LOG_LEVEL from the deploying shell when the app does not set it', () => {
    // Act
    const { environment } = baseServerlessConfig({ ...options, environment: {} }).provider;

    // Assess
    expect(environment['LOG_LEVEL']).toBe('${env:LOG_LEVEL, "info"}');
  });

  it('bundles for Node 20 so the code stays runnable on the machines', () => {
    // Act
    const { custom } = baseServerlessConfig(options);

    // Assess
    expect(custom).toMatchObject({
      esbuild: { bundle: true, target: 'node20', platform: 'node', format: 'cjs' },
    });
  });

  it('serves offline on loopback on the ports it is given', () => {
    // Act
    const { custom } = baseServerlessConfig(options);

    // Assess
    expect(custom).toMatchObject({
      'serverless-offline': { host: '127.0.0.1', httpPort: 4400, websocketPort: 4401, lambdaPort: 4402 },
    });
  });

  it('adds the app resources, outputs and provider settings', () => {
    // Prepare
    const withExtras: BaseConfigOptions = {
      ...options,
      resources: { SessionsTable: { Type: 'AWS::DynamoDB::Table' } },
      outputs: { WebsocketManagementEndpoint: { Value: 'x' } },
      provider: { websocketsApiRouteSelectionExpression: '$request.body.action' },
    };

    // Act
    const config = baseServerlessConfig(withExtras);

    // Assess
    expect(config.resources).toEqual({
      Resources: { SessionsTable: { Type: 'AWS::DynamoDB::Table' } },
      Outputs: { WebsocketManagementEndpoint: { Value: 'x' } },
    });
    expect(config.provider['websocketsApiRouteSelectionExpression']).toBe('$request.body.action');
  });
});

describe('ARNs for IAM statements', () => {
  it('builds a table ARN in the stack region and account', () => {
    // Act
    const arn = tableArn('lingocast-dev-sessions');

    // Assess
    expect(arn).toEqual({
      'Fn::Sub': 'arn:aws:dynamodb:${AWS::Region}:${AWS::AccountId}:table/lingocast-dev-sessions',
    });
  });

  it('builds a function ARN in the stack region and account', () => {
    // Act
    const arn = lambdaArn('lingocast-audio-transcription-dev-ingestAudio');

    // Assess
    expect(arn).toEqual({
      'Fn::Sub':
        'arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:lingocast-audio-transcription-dev-ingestAudio',
    });
  });
});

describe('esbuildWorkFolder', () => {
  it('builds a running local stage in the shared .esbuild folder it loads handlers from', () => {
    // Act
    const folder = esbuildWorkFolder(['node', 'serverless.js', 'offline', 'start', '--stage', 'local'], 4242);

    // Assess
    expect(folder).toBe('.esbuild');
  });

  it('builds a package in a folder of its own process, so its clean-up deletes no stage’s handlers', () => {
    // Act
    const folder = esbuildWorkFolder(['node', 'serverless.js', 'package', '--stage', 'dev'], 4242);

    // Assess
    expect(folder).toBe('.esbuild/package-4242');
  });
});
