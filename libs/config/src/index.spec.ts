import * as config from './index';
import * as readEnv from './read-env';

describe('@lingocast/config public API', () => {
  it('offers the environment readers services build their own config with', () => {
    // Act
    const readers = [config.requireString, config.optionalString, config.positiveInt, config.oneOf];

    // Assess
    expect(readers).toEqual([
      readEnv.requireString,
      readEnv.optionalString,
      readEnv.positiveInt,
      readEnv.oneOf,
    ]);
  });

  it('reads a service setting through the public names', () => {
    // Prepare
    const env = { [config.ENV.maxListenersPerSession]: '250', [config.ENV.speechProvider]: 'offline' };

    // Act
    const maxListeners = config.positiveInt(env, config.ENV.maxListenersPerSession, 500);
    const provider = config.oneOf(env, config.ENV.speechProvider, ['offline', 'aws'] as const, 'aws');

    // Assess
    expect(maxListeners).toBe(250);
    expect(provider).toBe('offline');
    expect(config.targetLanguagesOf(provider)).toContain('es');
  });
});
