import { getLanguages, getSession } from './http';
import { LingoCastError } from './requests';

type FetchMock = jest.Mock<Promise<Response>, Parameters<typeof fetch>>;

const answer = (body: unknown, status = 200): Response =>
  new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });

const PUBLIC_SESSION = {
  sessionId: 'golden-eagle-427',
  speakerId: 'user-1',
  sourceLanguage: 'en',
  qualityTier: 'standard',
  status: 'paused',
  listenerCount: 3,
  broadcastState: { paused: true, muted: false, volume: 1 },
  createdAt: '2026-12-01T00:00:00.000Z',
  updatedAt: '2026-12-01T00:00:00.000Z',
  expiresAt: '2026-12-01T12:00:00.000Z',
  maxListeners: 500,
};

describe('getLanguages', () => {
  it('asks GET /languages and gives the lists', async () => {
    // Prepare
    const languages = { sourceLanguages: ['en'], targetLanguages: ['es', 'ca'], qualityTiers: ['standard'] };
    const fetchMock: FetchMock = jest.fn().mockResolvedValue(answer(languages));

    // Act
    const body = await getLanguages({ httpUrl: 'http://api.test/', fetch: fetchMock });

    // Assess
    expect(body).toEqual(languages);
    expect(fetchMock.mock.calls[0]?.[0]).toBe('http://api.test/languages');
    expect(fetchMock.mock.calls[0]?.[1]).toMatchObject({ method: 'GET' });
  });

  it.each([
    ['not JSON', '<html>'],
    ['a list missing', { sourceLanguages: ['en'], qualityTiers: ['standard'] }],
    ['a language that is not a string', { sourceLanguages: [1], targetLanguages: [], qualityTiers: [] }],
  ])('reports %s as INVALID_RESPONSE', async (_case, body) => {
    const fetchMock: FetchMock = jest.fn().mockResolvedValue(answer(body));
    await expect(getLanguages({ httpUrl: 'http://api.test', fetch: fetchMock })).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
    });
  });

  it('reports a network failure as HTTP_ERROR with the cause', async () => {
    // Prepare
    const offline = new TypeError('fetch failed');
    const fetchMock: FetchMock = jest.fn().mockRejectedValue(offline);

    // Act
    const error: unknown = await getLanguages({ httpUrl: 'http://api.test', fetch: fetchMock }).catch(
      (caught: unknown) => caught,
    );

    // Assess
    expect(error).toBeInstanceOf(LingoCastError);
    expect(error).toMatchObject({ code: 'HTTP_ERROR', message: 'could not reach http://api.test/languages' });
    expect((error as Error).cause).toBe(offline);
  });
});

describe('getSession', () => {
  it('asks the public GET /sessions/{id} and gives the session with its capacity', async () => {
    // Prepare
    const fetchMock: FetchMock = jest.fn().mockResolvedValue(answer(PUBLIC_SESSION));

    // Act
    const session = await getSession({ httpUrl: '/api', sessionId: 'golden-eagle-427', fetch: fetchMock });

    // Assess
    expect(session).toEqual(PUBLIC_SESSION);
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/sessions/golden-eagle-427');
    expect(fetchMock.mock.calls[0]?.[1]?.headers).toBeUndefined();
  });

  it('turns the error body’s code into the error’s code', async () => {
    const fetchMock: FetchMock = jest.fn().mockResolvedValue(
      answer(
        {
          error: {
            code: 'INVALID_PARAMETERS',
            message: 'session id must look like golden-eagle-427',
            requestId: 'r',
          },
        },
        400,
      ),
    );
    await expect(
      getSession({ httpUrl: 'http://api.test', sessionId: 'Nope', fetch: fetchMock }),
    ).rejects.toMatchObject({
      code: 'INVALID_PARAMETERS',
      message: 'session id must look like golden-eagle-427',
    });
  });

  it.each([
    [404, 'SESSION_NOT_FOUND'],
    [502, 'HTTP_ERROR'],
  ])('reports an HTTP %i without an error body as %s', async (status, code) => {
    const fetchMock: FetchMock = jest.fn().mockResolvedValue(answer('Not Found', status));
    await expect(
      getSession({ httpUrl: 'http://api.test', sessionId: 'golden-eagle-427', fetch: fetchMock }),
    ).rejects.toMatchObject({ code, message: `HTTP ${status}` });
  });

  it('escapes the session id into one path segment', async () => {
    const fetchMock: FetchMock = jest.fn().mockResolvedValue(answer(PUBLIC_SESSION));
    await getSession({ httpUrl: 'http://api.test', sessionId: '../health?x', fetch: fetchMock });
    expect(fetchMock.mock.calls[0]?.[0]).toBe('http://api.test/sessions/..%2Fhealth%3Fx');
  });

  it.each([
    ['an unknown status', { ...PUBLIC_SESSION, status: 'exploded' }],
    ['no broadcast state', { ...PUBLIC_SESSION, broadcastState: undefined }],
    ['a capacity that is not a number', { ...PUBLIC_SESSION, maxListeners: 'many' }],
  ])('reports a session with %s as INVALID_RESPONSE', async (_case, body) => {
    const fetchMock: FetchMock = jest.fn().mockResolvedValue(answer(body));
    await expect(
      getSession({ httpUrl: 'http://api.test', sessionId: 'golden-eagle-427', fetch: fetchMock }),
    ).rejects.toMatchObject({ code: 'INVALID_RESPONSE' });
  });

  it('refuses an empty session id without asking', async () => {
    const fetchMock: FetchMock = jest.fn();
    await expect(
      getSession({ httpUrl: 'http://api.test', sessionId: '', fetch: fetchMock }),
    ).rejects.toMatchObject({
      code: 'INVALID_PARAMETERS',
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
