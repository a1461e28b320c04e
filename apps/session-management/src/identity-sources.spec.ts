import { CONNECT_IDENTITY_SOURCES, missingIdentitySources } from './identity-sources';

describe('missingIdentitySources', () => {
  it('finds nothing missing when every client sends the configured sources (a listener without a token)', () => {
    // Act
    const missing = missingIdentitySources(CONNECT_IDENTITY_SOURCES, {
      queryStringParameters: { sessionId: 'golden-eagle-427', targetLanguage: 'es' },
    });

    // Assess
    expect(missing).toEqual([]);
  });

  it.each([
    ['no query string', null],
    ['no sessionId', { targetLanguage: 'es' }],
    ['an empty sessionId', { sessionId: '' }],
  ])('reports the query parameter with %s, as API Gateway refuses it', (_, query) => {
    // Act
    const missing = missingIdentitySources(['route.request.querystring.sessionId'], {
      queryStringParameters: query,
    });

    // Assess
    expect(missing).toEqual(['route.request.querystring.sessionId']);
  });

  it('matches header sources case-insensitively and reports the ones absent', () => {
    // Act
    const missing = missingIdentitySources(['route.request.header.Auth', 'route.request.header.X-Other'], {
      headers: { auth: 'token' },
    });

    // Assess: the framework's default `Auth` header, which no LingoCast client sends, would be missing.
    expect(missing).toEqual(['route.request.header.X-Other']);
  });

  it('reports a header source when the request has no headers at all', () => {
    // Act
    const missing = missingIdentitySources(['route.request.header.Auth'], { headers: null });

    // Assess
    expect(missing).toEqual(['route.request.header.Auth']);
  });

  it('refuses a source it cannot check, instead of passing it silently', () => {
    // Act
    const check = () => missingIdentitySources(['stageVariables.secret'], {});

    // Assess
    expect(check).toThrow(
      "identity source 'stageVariables.secret' is not a query string parameter or header",
    );
  });
});
