import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  endpointsFromOutputs,
  parseEndpoints,
  readEndpoints,
  SmokeConfigError,
  speakerTokens,
} from './target';

const OUTPUTS = [
  { OutputKey: 'HttpApiUrl', OutputValue: 'https://abc.execute-api.eu-west-1.amazonaws.com/' },
  { OutputKey: 'WebSocketUrl', OutputValue: 'wss://def.execute-api.eu-west-1.amazonaws.com/dev' },
  { OutputKey: 'UserPoolClientId', OutputValue: 'client-123' },
  { OutputKey: 'UserPoolId', OutputValue: 'eu-west-1_X' },
];

describe('endpoints', () => {
  it('come from session-management stack outputs, with Cognito in the stack region', () => {
    // Act
    const endpoints = endpointsFromOutputs(OUTPUTS, 'eu-west-1', 'lingocast-session-management-dev');

    // Assess
    expect(endpoints).toEqual({
      httpApi: 'https://abc.execute-api.eu-west-1.amazonaws.com',
      websocket: 'wss://def.execute-api.eu-west-1.amazonaws.com/dev',
      cognito: { region: 'eu-west-1', clientId: 'client-123' },
    });
  });

  it('name the missing output of a stack that is not deployed', () => {
    // Act
    const reading = () => endpointsFromOutputs(OUTPUTS.slice(1), 'eu-west-1', 'stack-x');

    // Assess
    expect(reading).toThrow(
      new SmokeConfigError('ENDPOINTS_INVALID', 'stack stack-x has no output HttpApiUrl: is it deployed?'),
    );
  });

  it('read an endpoints file with a token issuer and ignore a half-given cognito', () => {
    // Act
    const endpoints = parseEndpoints(
      JSON.stringify({
        httpApi: 'http://h',
        websocket: 'ws://w',
        tokenUrl: 'http://t',
        cognito: { region: 'x' },
      }),
      'e.json',
      'us-east-1',
    );

    // Assess
    expect(endpoints).toEqual({ httpApi: 'http://h', websocket: 'ws://w', tokenUrl: 'http://t' });
  });

  it('read a file of stack outputs as describe-stacks prints them', () => {
    // Act
    const endpoints = parseEndpoints(JSON.stringify(OUTPUTS), 'outputs.json', 'eu-west-1');

    // Assess
    expect(endpoints.cognito).toEqual({ region: 'eu-west-1', clientId: 'client-123' });
  });

  it.each([
    ['not JSON', '{', 'e.json is not JSON'],
    ['without a websocket', '{"httpApi":"http://h"}', 'e.json needs "httpApi" and "websocket" (strings)'],
  ])('refuse a file that is %s, saying why', (_, text, message) => {
    // Act
    const reading = () => parseEndpoints(text, 'e.json', 'us-east-1');

    // Assess
    expect(reading).toThrow(message);
  });

  it('say which file cannot be read', () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'smoke-target-'));
    const file = join(dir, 'endpoints.json');
    writeFileSync(
      file,
      JSON.stringify({ httpApi: 'http://h', websocket: 'ws://w', cognito: { region: 'r', clientId: 'c' } }),
    );

    // Act
    const read = readEndpoints(file, 'us-east-1');
    let missing: unknown;
    try {
      readEndpoints(join(dir, 'nope.json'), 'us-east-1');
    } catch (error) {
      missing = error;
    }
    rmSync(dir, { recursive: true, force: true });

    // Assess
    expect(read.cognito).toEqual({ region: 'r', clientId: 'c' });
    expect(missing).toMatchObject({
      code: 'ENDPOINTS_UNREADABLE',
      message: `cannot read ${join(dir, 'nope.json')}`,
    });
  });
});

describe('speakerTokens', () => {
  it('uses the given token first', async () => {
    // Act
    const provider = speakerTokens(
      { httpApi: 'h', websocket: 'w', tokenUrl: 'http://t' },
      { token: 'given', env: {} },
    );

    // Assess
    expect(await provider()).toBe('given');
  });

  it("asks the local stage's issuer for a speaker's token", async () => {
    // Prepare
    const calls: Array<{ url: string; body: unknown }> = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, body: JSON.parse(String(init.body)) });
      return new Response(JSON.stringify({ idToken: 'id-1' }), { status: 200 });
    }) as unknown as typeof fetch;

    // Act
    const provider = speakerTokens(
      { httpApi: 'h', websocket: 'w', tokenUrl: 'http://t/token' },
      { env: {}, fetch: fakeFetch },
    );

    // Assess
    expect(await provider()).toBe('id-1');
    expect(calls).toEqual([{ url: 'http://t/token', body: { username: `smoke-${process.pid}` } }]);
  });

  it('fails clearly when the issuer refuses', async () => {
    // Prepare
    const fakeFetch = (async () => new Response('nope', { status: 500 })) as unknown as typeof fetch;

    // Act
    const provider = speakerTokens(
      { httpApi: 'h', websocket: 'w', tokenUrl: 'http://t' },
      { env: {}, fetch: fakeFetch },
    );

    // Assess
    await expect(provider()).rejects.toThrow('the token issuer at http://t answered 500');
  });

  it('signs in with Cognito only with the smoke user and password', () => {
    // Prepare
    const endpoints = { httpApi: 'h', websocket: 'w', cognito: { region: 'eu-west-1', clientId: 'c' } };

    // Act
    const withUser = speakerTokens(endpoints, {
      env: { LINGOCAST_SMOKE_USERNAME: 'smoke', LINGOCAST_SMOKE_PASSWORD: 'pw' },
    });
    const withoutUser = () => speakerTokens(endpoints, { env: {} });

    // Assess
    expect(typeof withUser).toBe('function');
    expect(withoutUser).toThrow(/set LINGOCAST_SMOKE_USERNAME and LINGOCAST_SMOKE_PASSWORD/);
  });

  it('refuses endpoints with no way to a token', () => {
    // Act
    const providing = () => speakerTokens({ httpApi: 'h', websocket: 'w' }, { env: {} });

    // Assess
    expect(providing).toThrow(expect.objectContaining({ code: 'NO_TOKEN' }) as Error);
  });
});
