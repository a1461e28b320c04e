import { ConfigError, loadConfig, parseConfig } from './config';

const local = {
  stage: 'local',
  httpUrl: '/api',
  websocketUrl: '/ws',
  auth: { kind: 'local', tokenUrl: '/token' },
};

function respond(body: unknown, status = 200): typeof fetch {
  return jest.fn(async () =>
    typeof body === 'string'
      ? new Response(body, { status })
      : new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }),
  ) as unknown as typeof fetch;
}

describe('parseConfig', () => {
  it('resolves relative URLs against the page, ws: from http:', () => {
    const config = parseConfig(local, 'http://127.0.0.1:4000/listen/golden-eagle-427?lang=es');
    expect(config).toEqual({
      stage: 'local',
      httpUrl: 'http://127.0.0.1:4000/api',
      websocketUrl: 'ws://127.0.0.1:4000/ws',
      auth: { kind: 'local', tokenUrl: 'http://127.0.0.1:4000/token' },
    });
  });

  it('keeps the LAN origin listeners use when the stage gives one, and refuses one that is not http(s)', () => {
    const lan = { ...local, listenerOrigin: 'http://192.168.1.20:4000/' };
    expect(parseConfig(lan, 'http://127.0.0.1:4000/').listenerOrigin).toBe('http://192.168.1.20:4000');
    expect(parseConfig(local, 'http://127.0.0.1:4000/')).not.toHaveProperty('listenerOrigin');
    expect(() => parseConfig({ ...local, listenerOrigin: 'ftp://x' }, 'http://127.0.0.1:4000/')).toThrow(
      '"listenerOrigin" must be http(s)',
    );
  });

  it('gives wss: to a relative WebSocket URL on an https: page', () => {
    expect(parseConfig(local, 'https://listen.example.org/').websocketUrl).toBe(
      'wss://listen.example.org/ws',
    );
  });

  it('keeps absolute URLs and cognito settings, without trailing slashes', () => {
    const config = parseConfig(
      {
        stage: 'prod',
        httpUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/',
        websocketUrl: 'wss://def.execute-api.eu-west-1.amazonaws.com/prod/',
        auth: { kind: 'cognito', region: 'eu-west-1', clientId: 'client123' },
      },
      'https://d111.cloudfront.net/',
    );
    expect(config.httpUrl).toBe('https://abc.execute-api.eu-west-1.amazonaws.com');
    expect(config.websocketUrl).toBe('wss://def.execute-api.eu-west-1.amazonaws.com/prod');
    expect(config.auth).toEqual({ kind: 'cognito', region: 'eu-west-1', clientId: 'client123' });
  });

  it.each([
    ['not an object', 'config'],
    ['an array', []],
    ['a missing stage', { ...local, stage: undefined }],
    ['an empty httpUrl', { ...local, httpUrl: ' ' }],
    ['an ftp httpUrl', { ...local, httpUrl: 'ftp://x/' }],
    ['a mailto websocketUrl', { ...local, websocketUrl: 'mailto:a@b.c' }],
    ['no auth', { ...local, auth: null }],
    ['an unknown auth kind', { ...local, auth: { kind: 'oauth' } }],
    ['a cognito auth without client id', { ...local, auth: { kind: 'cognito', region: 'eu-west-1' } }],
    ['a local auth without token URL', { ...local, auth: { kind: 'local' } }],
  ])('rejects %s with CONFIG_INVALID and a message for people', (_, raw) => {
    expect(() => parseConfig(raw, 'http://127.0.0.1:4000/')).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('config.json'),
      }),
    );
  });

  it('rejects a URL that cannot be parsed', () => {
    expect(() => parseConfig({ ...local, httpUrl: 'http://[::1' }, 'http://127.0.0.1:4000/')).toThrow(
      ConfigError,
    );
  });
});

describe('loadConfig', () => {
  it('fetches /config.json from the page origin without cookies', async () => {
    const fetch = respond(local);
    const config = await loadConfig({ fetch, pageUrl: 'http://127.0.0.1:4000/listen/abc' });
    expect(fetch).toHaveBeenCalledWith(
      'http://127.0.0.1:4000/config.json',
      expect.objectContaining({ credentials: 'omit' }),
    );
    expect(config.websocketUrl).toBe('ws://127.0.0.1:4000/ws');
  });

  it('says the server is unreachable when the fetch fails', async () => {
    const fetch = jest.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof globalThis.fetch;
    await expect(loadConfig({ fetch, pageUrl: 'http://127.0.0.1:4000/' })).rejects.toMatchObject({
      code: 'CONFIG_UNREACHABLE',
    });
  });

  it('reports the status when the server answers an error', async () => {
    await expect(
      loadConfig({ fetch: respond('nope', 503), pageUrl: 'http://127.0.0.1:4000/' }),
    ).rejects.toMatchObject({
      code: 'CONFIG_UNREACHABLE',
      message: expect.stringContaining('503'),
    });
  });

  it('reports a body that is not JSON', async () => {
    await expect(
      loadConfig({ fetch: respond('<html>', 200), pageUrl: 'http://127.0.0.1:4000/' }),
    ).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });
});
