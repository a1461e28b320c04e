import { ENV } from './env-names';
import { ConfigError } from './read-env';
import { lazyConfig, loadBaseConfig, loadServiceConfig } from './service-config';

describe('loadBaseConfig', () => {
  it('reads every shared setting', () => {
    // Prepare
    const env = {
      STAGE: 'local',
      AWS_REGION: 'eu-west-1',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:8100',
      SPEECH_PROVIDER: 'offline',
    };

    // Act
    const config = loadBaseConfig(env);

    // Assess
    expect(config).toEqual({
      stage: 'local',
      region: 'eu-west-1',
      dynamoDbEndpoint: 'http://127.0.0.1:8100',
      speechProvider: 'offline',
    });
  });

  it('defaults to us-east-1, the real DynamoDB and the AWS speech services', () => {
    // Act
    const config = loadBaseConfig({ STAGE: 'dev' });

    // Assess
    expect(config).toEqual({
      stage: 'dev',
      region: 'us-east-1',
      dynamoDbEndpoint: undefined,
      speechProvider: 'aws',
    });
  });

  it('refuses to start without a stage', () => {
    // Act
    const load = () => loadBaseConfig({ AWS_REGION: 'us-east-1' });

    // Assess
    expect(load).toThrow(ConfigError);
  });

  it('refuses an unknown speech provider', () => {
    // Act
    const load = () => loadBaseConfig({ STAGE: 'dev', SPEECH_PROVIDER: 'whisper' });

    // Assess
    expect(load).toThrow(ConfigError);
  });
});

describe('lazyConfig', () => {
  const saved = process.env[ENV.stage];

  afterEach(() => {
    if (saved === undefined) delete process.env[ENV.stage];
    else process.env[ENV.stage] = saved;
  });

  it('reads the process environment on first use, not when created', () => {
    // Prepare
    delete process.env[ENV.stage];
    const config = lazyConfig(loadBaseConfig);
    process.env[ENV.stage] = 'staging';

    // Act
    const { stage } = config();

    // Assess
    expect(stage).toBe('staging');
  });

  it('loads once and then answers from memory', () => {
    // Prepare
    const load = jest.fn((env: Record<string, string | undefined>) => ({ stage: env[ENV.stage] }));
    const config = lazyConfig(load);
    process.env[ENV.stage] = 'first';

    // Act
    const first = config();
    process.env[ENV.stage] = 'second';
    const second = config();

    // Assess
    expect(load).toHaveBeenCalledTimes(1);
    expect(second).toBe(first);
    expect(second.stage).toBe('first');
  });
});

describe('loadServiceConfig', () => {
  it('reads the shared settings and names each table for the stage, in the order given', () => {
    // Act
    const config = loadServiceConfig(
      { STAGE: 'dev' },
      ['sessions', 'replayWindow'],
      (id, stage) => `${stage}:${id}`,
    );

    // Assess
    expect(config).toEqual({
      ...loadBaseConfig({ STAGE: 'dev' }),
      tables: { sessions: 'dev:sessions', replayWindow: 'dev:replayWindow' },
    });
    expect(Object.keys(config.tables)).toEqual(['sessions', 'replayWindow']);
  });

  it('refuses a missing stage before naming any table', () => {
    // Prepare
    const tableName = jest.fn((id: string) => id);

    // Act
    const load = () => loadServiceConfig({}, ['sessions'], tableName);

    // Assess
    expect(load).toThrow(ConfigError);
    expect(tableName).not.toHaveBeenCalled();
  });
});
