import { getTokenVerifier } from '../composition';
import { authorizerEvent } from '../testing/events';
import {
  createTestDeps,
  FakeTokenVerifier,
  InMemoryRateLimiter,
  SESSION_ID,
  SPEAKER_ID,
} from '../testing/fakes';
import type { TestDeps } from '../testing/fakes';
import { getDeps } from '../composition';
import { authorizeConnection, localAuthorizeConnection } from './ws-authorizer';

jest.mock('../composition', () => ({
  getDeps: jest.fn(),
  getTokenVerifier: jest.fn(),
  logger: jest.requireActual('@lingocast/logging').createLogger('test', 'silent'),
}));

let deps: TestDeps;

beforeEach(() => {
  deps = createTestDeps({ limits: new InMemoryRateLimiter() });
  jest.mocked(getDeps).mockReturnValue(deps);
  jest
    .mocked(getTokenVerifier)
    .mockReturnValue(new FakeTokenVerifier({ 'good-token': { userId: SPEAKER_ID, username: 'alice' } }));
});

describe('authorizeConnection', () => {
  it('lets an anonymous listener through without a token', async () => {
    // Act
    const result = await authorizeConnection(
      authorizerEvent({ sessionId: SESSION_ID, targetLanguage: 'es' }),
    );

    // Assess
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
    expect(result.context).toEqual({ role: 'listener', sourceIp: '192.0.2.1' });
  });

  it('lets a listener through when there is no query string at all ($connect validates it)', async () => {
    // Act
    const result = await authorizeConnection(authorizerEvent(null));

    // Assess
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
  });

  it('marks a verified token as the speaker with its user id', async () => {
    // Act
    const result = await authorizeConnection(authorizerEvent({ sessionId: SESSION_ID, token: 'good-token' }));

    // Assess
    expect(result.principalId).toBe(SPEAKER_ID);
    expect(result.policyDocument.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
    });
    expect(result.context).toEqual({
      role: 'speaker',
      userId: SPEAKER_ID,
      username: 'alice',
      sourceIp: '192.0.2.1',
    });
  });

  it('refuses a token that does not verify instead of downgrading it to a listener', async () => {
    // Act
    const result = await authorizeConnection(
      authorizerEvent({ sessionId: SESSION_ID, token: 'expired-token', targetLanguage: 'es' }),
    );

    // Assess
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(result.context).toEqual({ role: 'rejected' });
  });

  it("counts a refused token as a failed attempt of the caller's address", async () => {
    // Act
    await authorizeConnection(authorizerEvent({ sessionId: SESSION_ID, token: 'forged-token' }));

    // Assess
    expect(deps.limits.consumed).toEqual([{ limit: 'failedConnect', key: '192.0.2.1' }]);
  });

  it('counts nothing for a token that verifies', async () => {
    // Act
    await authorizeConnection(authorizerEvent({ sessionId: SESSION_ID, token: 'good-token' }));

    // Assess
    expect(deps.limits.consumed).toEqual([]);
  });
});

describe('localAuthorizeConnection (the local stage)', () => {
  it('answers Unauthorized (401) for a connect without sessionId before the authorizer runs', async () => {
    // Prepare
    jest.mocked(getTokenVerifier).mockClear();

    // Act
    const result = await localAuthorizeConnection(authorizerEvent({ token: 'good-token' }));

    // Assess: the token was never looked at, as API Gateway never calls the authorizer then.
    expect(result).toBe('Unauthorized');
    expect(getTokenVerifier).not.toHaveBeenCalled();
  });

  it('runs the authorizer when the identity sources are there', async () => {
    // Act
    const result = await localAuthorizeConnection(
      authorizerEvent({ sessionId: SESSION_ID, token: 'good-token' }),
    );

    // Assess
    expect(result).toMatchObject({ principalId: SPEAKER_ID, context: { role: 'speaker' } });
  });
});
