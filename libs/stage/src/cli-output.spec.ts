import { parseCliArgs } from './args';
import { renderBanner } from './banner';
import { endpointsFor } from './endpoints';
import { DEV_PORTS } from './ports';
import { stageEnvironment, processEnvironment } from './stage-env';
import { ENV } from '@lingocast/config';

describe('parseCliArgs', () => {
  it('defaults to log level info, quiet, the sweeper every minute', () => {
    expect(parseCliArgs([])).toEqual({
      logLevel: 'info',
      verbose: false,
      sweepIntervalSeconds: 60,
      help: false,
    });
  });

  it('reads --log-level, --verbose and --sweep-interval', () => {
    expect(parseCliArgs(['--log-level', 'debug', '--verbose', '--sweep-interval', '0'])).toEqual({
      logLevel: 'debug',
      verbose: true,
      sweepIntervalSeconds: 0,
      help: false,
    });
  });

  it('reads --lan with or without an address', () => {
    expect(parseCliArgs(['--lan']).lan).toEqual({});
    expect(parseCliArgs(['--lan', '--verbose'])).toMatchObject({ lan: {}, verbose: true });
    expect(parseCliArgs(['--lan', '192.168.1.23']).lan).toEqual({ address: '192.168.1.23' });
    expect(parseCliArgs(['--lan=10.0.0.5', '-v'])).toMatchObject({
      lan: { address: '10.0.0.5' },
      verbose: true,
    });
    expect(parseCliArgs([]).lan).toBeUndefined();
  });

  it('rejects --lan twice, or with an empty address', () => {
    expect(() => parseCliArgs(['--lan', '--lan'])).toThrow('--lan given twice');
    expect(() => parseCliArgs(['--lan='])).toThrow(/needs an address/);
  });

  it('rejects unknown levels, flags and sweep intervals', () => {
    expect(() => parseCliArgs(['--log-level', 'loud'])).toThrow(/must be one of/);
    expect(() => parseCliArgs(['--nope'])).toThrow();
    expect(() => parseCliArgs(['--sweep-interval', 'often'])).toThrow(/--sweep-interval/);
    expect(() => parseCliArgs(['--sweep-interval', '-5'])).toThrow(/--sweep-interval/);
  });
});

describe('renderBanner', () => {
  it('starts with the speaker console URL and the listener URL pattern', () => {
    // Act
    const banner = renderBanner({
      endpoints: endpointsFor(DEV_PORTS),
      ports: DEV_PORTS,
      startupMs: 1_000,
      endpointsFile: '/work/x/.stage/endpoints.json',
      logDir: '/work/x/.stage/logs',
    });

    // Assess
    expect(banner.split('\n').slice(0, 2)).toEqual([
      'Speaker console   http://127.0.0.1:4000',
      'Listener pages    http://127.0.0.1:4000/listen/<session id>',
    ]);
    expect(banner).toContain('web server            4000');
  });

  it('in LAN mode, gives phones the LAN link and says why the console stays on loopback', () => {
    // Act
    const banner = renderBanner({
      endpoints: endpointsFor(DEV_PORTS, { lanAddress: '192.168.1.23' }),
      ports: DEV_PORTS,
      startupMs: 1_000,
      endpointsFile: '/work/x/.stage/endpoints.json',
      logDir: '/work/x/.stage/logs',
    });

    // Assess
    const [consoleLine, lanLine, loopbackLine] = banner.split('\n');
    expect(consoleLine).toBe(
      'Speaker console   http://127.0.0.1:4000   (on this machine: the microphone needs localhost or HTTPS)',
    );
    expect(lanLine).toBe(
      'Listener pages    http://192.168.1.23:4000/listen/<session id>   (phones on this network)',
    );
    expect(loopbackLine).toContain('http://127.0.0.1:4000/listen/<session id>');
    expect(banner).toContain('only the web server listens on 192.168.1.23');
    const boxLines = banner.split('\n').filter((line) => line.startsWith('│'));
    expect(new Set(boxLines.map((line) => line.length)).size).toBe(1);
  });

  it('shows the endpoints, every port and how to get a token and a session', () => {
    // Act
    const banner = renderBanner({
      endpoints: endpointsFor(DEV_PORTS),
      ports: DEV_PORTS,
      startupMs: 12_345,
      endpointsFile: '/work/x/.stage/endpoints.json',
      logDir: '/work/x/.stage/logs',
    });

    // Assess
    expect(banner).toContain('local stage is up (12.3 s)');
    expect(banner).toContain('ws://127.0.0.1:4201');
    for (const port of ['8100', '4100', '4200', '4301', '4402']) expect(banner).toContain(port);
    expect(banner).toContain(
      `curl -s -X POST http://127.0.0.1:4100/token -H 'content-type: application/json' -d '{"username":"alice"}'`,
    );
    expect(banner).toContain('http://127.0.0.1:4200/sessions');
    const boxLines = banner.split('\n').filter((line) => line.startsWith('│'));
    expect(new Set(boxLines.map((line) => line.length)).size).toBe(1);
    expect(banner).toContain('POST http://127.0.0.1:4200/local/sweep runs one');
  });

  it('says how often the sweeper runs when it is scheduled', () => {
    // Act
    const banner = renderBanner({
      endpoints: endpointsFor(DEV_PORTS),
      ports: DEV_PORTS,
      startupMs: 1_000,
      endpointsFile: '/work/x/.stage/endpoints.json',
      logDir: '/work/x/.stage/logs',
      sweepIntervalSeconds: 60,
    });

    // Assess
    expect(banner).toContain('Sweeper          every 60 s');
  });
});

describe('stageEnvironment', () => {
  it('points every app at the stage parts, and lets overrides win', () => {
    // Act
    const env = stageEnvironment(DEV_PORTS, {
      logLevel: 'debug',
      overrides: { [ENV.maxListenersPerSession]: '2' },
    });

    // Assess
    expect(env).toMatchObject({
      [ENV.stage]: 'local',
      [ENV.region]: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      [ENV.dynamoDbEndpoint]: 'http://127.0.0.1:8100',
      [ENV.sessionManagementLambdaEndpoint]: 'http://127.0.0.1:4202',
      [ENV.audioTranscriptionLambdaEndpoint]: 'http://127.0.0.1:4302',
      [ENV.translationPipelineLambdaEndpoint]: 'http://127.0.0.1:4402',
      [ENV.websocketManagementEndpoint]: 'http://127.0.0.1:4201',
      [ENV.jwtIssuer]: 'http://127.0.0.1:4100',
      [ENV.jwksUrl]: 'http://127.0.0.1:4100/.well-known/jwks.json',
      [ENV.jwtAudience]: 'lingocast-local-client',
      [ENV.speechProvider]: 'offline',
      [ENV.logLevel]: 'debug',
      [ENV.maxListenersPerSession]: '2',
    });
  });

  it("drops inherited AWS profiles, session tokens and the tool's tsconfig from the apps' environment", () => {
    // Prepare
    process.env.AWS_PROFILE = 'production';
    process.env.TSX_TSCONFIG_PATH = 'libs/stage/tsconfig.json';
    try {
      // Act
      const env = processEnvironment(stageEnvironment(DEV_PORTS));

      // Assess
      expect(env.AWS_PROFILE).toBeUndefined();
      expect(env.TSX_TSCONFIG_PATH).toBeUndefined();
      expect(env.PATH).toBe(process.env.PATH);
      expect(env.AWS_ACCESS_KEY_ID).toBe('local');
    } finally {
      delete process.env.AWS_PROFILE;
      delete process.env.TSX_TSCONFIG_PATH;
    }
  });
});
