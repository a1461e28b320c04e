import {
  ConfigError,
  intInRange,
  oneOf,
  optionalString,
  positiveInt,
  rateLimit,
  requireString,
} from './read-env';

describe('requireString', () => {
  it('reads a setting without surrounding spaces', () => {
    // Act
    const stage = requireString({ STAGE: ' dev \n' }, 'STAGE');

    // Assess
    expect(stage).toBe('dev');
  });

  it.each([
    ['missing', {}],
    ['empty', { STAGE: '' }],
    ['blank', { STAGE: '   ' }],
  ])('throws a ConfigError naming the variable when it is %s', (_what, env) => {
    // Act
    const read = () => requireString(env, 'STAGE');

    // Assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow('environment variable STAGE is not set');
  });
});

describe('optionalString', () => {
  it.each([
    [{ JWKS_URL: 'http://127.0.0.1:4100/jwks' }, 'http://127.0.0.1:4100/jwks'],
    [{ JWKS_URL: '  x  ' }, 'x'],
    [{ JWKS_URL: '' }, undefined],
    [{ JWKS_URL: ' ' }, undefined],
    [{}, undefined],
  ])('reads %j as %p', (env, expected) => {
    // Act
    const value = optionalString(env, 'JWKS_URL');

    // Assess
    expect(value).toBe(expected);
  });
});

describe('intInRange', () => {
  const bounds = { min: 1_000, max: 3_600_000 };

  it('reads a value within the bounds, both ends included, and the default when unset', () => {
    // Act
    const values = [
      intInRange({}, 'REPLAY_WINDOW_MS', 300_000, bounds),
      intInRange({ REPLAY_WINDOW_MS: '1000' }, 'REPLAY_WINDOW_MS', 300_000, bounds),
      intInRange({ REPLAY_WINDOW_MS: '3600000' }, 'REPLAY_WINDOW_MS', 300_000, bounds),
    ];

    // Assess
    expect(values).toEqual([300_000, 1_000, 3_600_000]);
  });

  it.each(['999', '3600001', '0', 'soon'])('refuses %s, naming the setting', (raw) => {
    // Act
    const read = () => intInRange({ REPLAY_WINDOW_MS: raw }, 'REPLAY_WINDOW_MS', 300_000, bounds);

    // Assess
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/REPLAY_WINDOW_MS/);
  });
});

describe('positiveInt', () => {
  it('falls back to the default when unset', () => {
    // Act
    const value = positiveInt({}, 'MAX_LISTENERS_PER_SESSION', 500);

    // Assess
    expect(value).toBe(500);
  });

  it('reads a positive integer', () => {
    // Act
    const value = positiveInt({ MAX_LISTENERS_PER_SESSION: '50' }, 'MAX_LISTENERS_PER_SESSION', 500);

    // Assess
    expect(value).toBe(50);
  });

  it.each([['0'], ['-3'], ['1.5'], ['ten'], ['1e400']])('refuses %p with a ConfigError', (raw) => {
    // Act
    const read = () => positiveInt({ FAN_OUT_CONCURRENCY: raw }, 'FAN_OUT_CONCURRENCY', 50);

    // Assess
    expect(read).toThrow(new ConfigError(`FAN_OUT_CONCURRENCY must be a positive integer, got '${raw}'`));
  });
});

describe('oneOf', () => {
  const providers = ['offline', 'aws'] as const;

  it('falls back to the default when unset', () => {
    // Act
    const value = oneOf({}, 'SPEECH_PROVIDER', providers, 'aws');

    // Assess
    expect(value).toBe('aws');
  });

  it('reads an allowed value', () => {
    // Act
    const value = oneOf({ SPEECH_PROVIDER: 'offline' }, 'SPEECH_PROVIDER', providers, 'aws');

    // Assess
    expect(value).toBe('offline');
  });

  it('refuses a value outside the set and lists the allowed ones', () => {
    // Act
    const read = () => oneOf({ SPEECH_PROVIDER: 'google' }, 'SPEECH_PROVIDER', providers, 'aws');

    // Assess
    expect(read).toThrow("SPEECH_PROVIDER must be one of offline, aws, got 'google'");
  });
});

describe('rateLimit', () => {
  const fallback = { max: 5, windowSeconds: 60 };

  it('reads <max>/<windowSeconds>', () => {
    // Act
    const spec = rateLimit({ RATE_LIMIT_LISTENER_JOINS: '10 / 30' }, 'RATE_LIMIT_LISTENER_JOINS', fallback);

    // Assess
    expect(spec).toEqual({ max: 10, windowSeconds: 30 });
  });

  it('falls back when the variable is unset', () => {
    // Act
    const spec = rateLimit({}, 'RATE_LIMIT_LISTENER_JOINS', fallback);

    // Assess
    expect(spec).toBe(fallback);
  });

  it.each(['ten/60', '10', '0/60', '10/0', '-1/60'])('refuses %p', (raw) => {
    // Act
    const read = () => rateLimit({ RATE_LIMIT_X: raw }, 'RATE_LIMIT_X', fallback);

    // Assess
    expect(read).toThrow(ConfigError);
  });
});

describe('ConfigError', () => {
  it('is an Error named ConfigError', () => {
    // Act
    const error = new ConfigError('bad');

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ConfigError');
    expect(error.message).toBe('bad');
  });
});
