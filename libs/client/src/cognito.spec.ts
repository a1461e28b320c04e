import {
  CognitoAuthError,
  NewPasswordRequiredError,
  completeNewPassword,
  signInWithPassword,
} from './cognito';
import { LingoCastError } from './requests';

type FetchMock = jest.Mock<Promise<Response>, Parameters<typeof fetch>>;

function answer(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
}

const TOKENS = {
  AuthenticationResult: { IdToken: 'id-1', AccessToken: 'access-1', RefreshToken: 'r-1', ExpiresIn: 3600 },
};

function requestOf(fetchMock: FetchMock, call = 0): { target: string; body: Record<string, unknown> } {
  const init = fetchMock.mock.calls[call]?.[1];
  return {
    target: (init?.headers as Record<string, string>)['x-amz-target'] ?? '',
    body: JSON.parse(String(init?.body)) as Record<string, unknown>,
  };
}

const pool = { region: 'eu-west-1', clientId: 'client-1' };

describe('signInWithPassword', () => {
  it('signs in with USER_PASSWORD_AUTH and gives the tokens', async () => {
    // Prepare
    const fetchMock: FetchMock = jest.fn().mockResolvedValue(answer(TOKENS));

    // Act
    const tokens = await signInWithPassword({ ...pool, username: 'alice', password: 'pw', fetch: fetchMock });

    // Assess
    expect(tokens).toEqual({
      idToken: 'id-1',
      accessToken: 'access-1',
      refreshToken: 'r-1',
      expiresIn: 3600,
    });
    expect(fetchMock.mock.calls[0]?.[0]).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
    expect(requestOf(fetchMock)).toEqual({
      target: 'AWSCognitoIdentityProviderService.InitiateAuth',
      body: {
        ClientId: 'client-1',
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'alice', PASSWORD: 'pw' },
      },
    });
  });

  it.each([
    ['NotAuthorizedException', 'AUTH_WRONG_PASSWORD'],
    ['com.amazonaws.cognito#NotAuthorizedException', 'AUTH_WRONG_PASSWORD'],
    ['UserNotFoundException', 'AUTH_UNKNOWN_USER'],
    ['PasswordResetRequiredException', 'AUTH_FAILED'],
  ])('turns %s into %s, keeping Cognito’s name and message', async (type, code) => {
    // Prepare
    const fetchMock: FetchMock = jest
      .fn()
      .mockResolvedValue(answer({ __type: type, message: 'Cognito says no.' }, 400));

    // Act
    const signingIn = signInWithPassword({ ...pool, username: 'alice', password: 'pw', fetch: fetchMock });

    // Assess
    const error: unknown = await signingIn.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CognitoAuthError);
    expect(error).toBeInstanceOf(LingoCastError);
    expect(error).toMatchObject({
      code,
      cognitoType: type.split('#').at(-1),
      message: expect.stringContaining('Cognito says no.'),
    });
  });

  it('reads the exception name from the x-amzn-errortype header when the body has none', async () => {
    const fetchMock: FetchMock = jest
      .fn()
      .mockResolvedValue(answer('{}', 400, { 'x-amzn-errortype': 'UserNotFoundException:http://internal' }));
    await expect(
      signInWithPassword({ ...pool, username: 'bob', password: 'pw', fetch: fetchMock }),
    ).rejects.toMatchObject({ code: 'AUTH_UNKNOWN_USER', message: 'no user with that username' });
  });

  it('asks for a new password with the challenge session and the username Cognito names', async () => {
    // Prepare
    const fetchMock: FetchMock = jest.fn().mockResolvedValue(
      answer({
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: 'session-1',
        ChallengeParameters: { USER_ID_FOR_SRP: 'uuid-alice' },
      }),
    );

    // Act
    const error: unknown = await signInWithPassword({
      ...pool,
      username: 'alice@example.org',
      password: 'temporary',
      fetch: fetchMock,
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(NewPasswordRequiredError);
    expect(error).toMatchObject({
      code: 'AUTH_NEW_PASSWORD_REQUIRED',
      session: 'session-1',
      username: 'uuid-alice',
    });
  });

  it('refuses another challenge (MFA) with AUTH_FAILED naming it', async () => {
    const fetchMock: FetchMock = jest
      .fn()
      .mockResolvedValue(answer({ ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 's' }));
    await expect(
      signInWithPassword({ ...pool, username: 'alice', password: 'pw', fetch: fetchMock }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED', message: expect.stringMatching(/SOFTWARE_TOKEN_MFA/) });
  });

  it('reports HTTP_ERROR, with the cause, when Cognito cannot be reached', async () => {
    // Prepare
    const offline = new TypeError('fetch failed');
    const fetchMock: FetchMock = jest.fn().mockRejectedValue(offline);

    // Act
    const error: unknown = await signInWithPassword({
      ...pool,
      endpoint: 'http://cognito.test/',
      username: 'alice',
      password: 'pw',
      fetch: fetchMock,
    }).catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({
      code: 'HTTP_ERROR',
      message: expect.stringContaining('http://cognito.test/'),
    });
    expect((error as Error).cause).toBe(offline);
  });

  it.each([
    ['username', { username: ' ', password: 'pw' }],
    ['password', { username: 'alice', password: '' }],
  ])('refuses an empty %s without asking Cognito', async (name, credentials) => {
    const fetchMock: FetchMock = jest.fn();
    await expect(signInWithPassword({ ...pool, ...credentials, fetch: fetchMock })).rejects.toMatchObject({
      code: 'INVALID_PARAMETERS',
      message: `${name} is empty`,
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('completeNewPassword', () => {
  it('answers NEW_PASSWORD_REQUIRED with the session and gives the tokens', async () => {
    // Prepare
    const fetchMock: FetchMock = jest.fn().mockResolvedValue(answer(TOKENS));

    // Act
    const tokens = await completeNewPassword({
      ...pool,
      endpoint: 'http://cognito.test/',
      username: 'uuid-alice',
      newPassword: 'a new one',
      session: 'session-1',
      fetch: fetchMock,
    });

    // Assess
    expect(tokens.idToken).toBe('id-1');
    expect(fetchMock.mock.calls[0]?.[0]).toBe('http://cognito.test/');
    expect(requestOf(fetchMock)).toEqual({
      target: 'AWSCognitoIdentityProviderService.RespondToAuthChallenge',
      body: {
        ClientId: 'client-1',
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: 'session-1',
        ChallengeResponses: { USERNAME: 'uuid-alice', NEW_PASSWORD: 'a new one' },
      },
    });
  });

  it.each([
    ['InvalidPasswordException', 'Password does not conform to policy: Password not long enough'],
    ['NotAuthorizedException', 'Invalid session for the user, session is expired.'],
  ])('fails with AUTH_FAILED on %s, saying what Cognito said', async (type, message) => {
    const fetchMock: FetchMock = jest.fn().mockResolvedValue(answer({ __type: type, message }, 400));
    await expect(
      completeNewPassword({ ...pool, username: 'u', newPassword: 'short', session: 's', fetch: fetchMock }),
    ).rejects.toMatchObject({
      code: 'AUTH_FAILED',
      cognitoType: type,
      message: expect.stringContaining(message),
    });
  });

  it('refuses an empty session without asking Cognito', async () => {
    const fetchMock: FetchMock = jest.fn();
    await expect(
      completeNewPassword({ ...pool, username: 'u', newPassword: 'pw', session: '', fetch: fetchMock }),
    ).rejects.toMatchObject({ code: 'INVALID_PARAMETERS' });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
