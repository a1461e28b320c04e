import { cognitoPasswordTokenProvider } from './token-provider';
import { ManualTimers } from './testing/manual-timers';

function tokens(id: string, refresh?: string, expiresIn = 3600): Response {
  return new Response(
    JSON.stringify({
      AuthenticationResult: {
        IdToken: id,
        AccessToken: `access-${id}`,
        ExpiresIn: expiresIn,
        ...(refresh ? { RefreshToken: refresh } : {}),
      },
    }),
    { status: 200 },
  );
}

function bodyOf(call: Parameters<typeof fetch> | undefined): Record<string, unknown> {
  return JSON.parse(String(call?.[1]?.body)) as Record<string, unknown>;
}

describe('cognitoPasswordTokenProvider', () => {
  it('signs in with USER_PASSWORD_AUTH at the region endpoint and reuses the token until it nears expiry', async () => {
    // Prepare
    const timers = new ManualTimers();
    const fetchMock = jest
      .fn<Promise<Response>, Parameters<typeof fetch>>()
      .mockResolvedValue(tokens('id-1', 'r-1'));
    const provider = cognitoPasswordTokenProvider({
      region: 'eu-west-1',
      clientId: 'client-1',
      username: 'alice',
      password: 'secret',
      fetch: fetchMock,
      timers,
    });

    // Act
    const [first, concurrent] = await Promise.all([provider(), provider()]);
    timers.advance(3_000_000);
    const cached = await provider();

    // Assess
    expect([first, concurrent, cached]).toEqual(['id-1', 'id-1', 'id-1']);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    const [url, init] = fetchMock.mock.calls[0] ?? [];
    expect(url).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
    expect((init?.headers as Record<string, string>)['x-amz-target']).toBe(
      'AWSCognitoIdentityProviderService.InitiateAuth',
    );
    expect(bodyOf(fetchMock.mock.calls[0])).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'client-1',
      AuthParameters: { USERNAME: 'alice', PASSWORD: 'secret' },
    });
  });

  it('refreshes with the refresh token shortly before expiry, and signs in again when that fails', async () => {
    // Prepare
    const timers = new ManualTimers();
    const fetchMock = jest
      .fn<Promise<Response>, Parameters<typeof fetch>>()
      .mockResolvedValueOnce(tokens('id-1', 'r-1'))
      .mockResolvedValueOnce(tokens('id-2'))
      .mockResolvedValueOnce(
        new Response(JSON.stringify({ __type: 'NotAuthorizedException', message: 'expired' }), {
          status: 400,
        }),
      )
      .mockResolvedValueOnce(tokens('id-3', 'r-3'));
    const provider = cognitoPasswordTokenProvider({
      region: 'eu-west-1',
      clientId: 'c',
      username: 'alice',
      password: 'p',
      token: 'id',
      fetch: fetchMock,
      timers,
    });
    await provider();

    // Act
    timers.advance(3_541_000);
    const refreshed = await provider();
    timers.advance(3_600_000);
    const signedInAgain = await provider();

    // Assess
    expect(refreshed).toBe('id-2');
    expect(signedInAgain).toBe('id-3');
    expect(bodyOf(fetchMock.mock.calls[1])).toMatchObject({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: 'r-1' },
    });
    expect(bodyOf(fetchMock.mock.calls[3])).toMatchObject({ AuthFlow: 'USER_PASSWORD_AUTH' });
  });

  it('hands out the access token when asked to', async () => {
    const provider = cognitoPasswordTokenProvider({
      region: 'r',
      clientId: 'c',
      username: 'u',
      password: 'p',
      token: 'access',
      endpoint: 'http://cognito.test/',
      fetch: jest.fn<Promise<Response>, Parameters<typeof fetch>>().mockResolvedValue(tokens('id-1')),
    });
    await expect(provider()).resolves.toBe('access-id-1');
  });

  it.each([
    [
      'a wrong password',
      new Response(
        JSON.stringify({ __type: 'NotAuthorizedException', message: 'Incorrect username or password.' }),
        { status: 400 },
      ),
      { code: 'AUTH_WRONG_PASSWORD', message: 'Incorrect username or password.' },
    ],
    [
      'an unknown user',
      new Response(JSON.stringify({ __type: 'UserNotFoundException', message: 'User does not exist.' }), {
        status: 400,
      }),
      { code: 'AUTH_UNKNOWN_USER', message: 'User does not exist.' },
    ],
    [
      'a temporary password',
      new Response(JSON.stringify({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 's-1' }), {
        status: 200,
      }),
      { code: 'AUTH_NEW_PASSWORD_REQUIRED', session: 's-1' },
    ],
    [
      'a challenge without a session',
      new Response(JSON.stringify({ ChallengeName: 'NEW_PASSWORD_REQUIRED' }), { status: 200 }),
      { code: 'AUTH_FAILED', message: expect.stringMatching(/NEW_PASSWORD_REQUIRED/) },
    ],
    [
      'an answer without tokens',
      new Response('{}', { status: 200 }),
      { code: 'AUTH_FAILED', message: expect.stringMatching(/no tokens/) },
    ],
    [
      'an unreadable error',
      new Response('<html>', { status: 500 }),
      { code: 'AUTH_FAILED', message: expect.stringMatching(/HTTP 500/) },
    ],
  ])('fails on %s as signInWithPassword does', async (_case, response, expected) => {
    // Prepare
    const provider = cognitoPasswordTokenProvider({
      region: 'r',
      clientId: 'c',
      username: 'u',
      password: 'p',
      fetch: jest.fn<Promise<Response>, Parameters<typeof fetch>>().mockResolvedValue(response),
    });

    // Act
    const token = provider();

    // Assess
    await expect(token).rejects.toMatchObject(expected);
  });
});
