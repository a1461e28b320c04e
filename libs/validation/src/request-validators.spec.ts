import { parseCreateSessionBody, parseUpdateSessionBody, validateConnectQuery } from './validators';

describe('validateConnectQuery', () => {
  it('accepts a listener with a session and a language', () => {
    // Act
    const result = validateConnectQuery({ sessionId: 'golden-eagle-427', targetLanguage: 'es' });

    // Assess
    expect(result).toEqual({ ok: true, value: { sessionId: 'golden-eagle-427', targetLanguage: 'es' } });
  });

  it('accepts a speaker with a session and a token', () => {
    // Act
    const result = validateConnectQuery({ sessionId: 'golden-eagle-427', token: 'eyJhbGciOi' });

    // Assess
    expect(result.ok).toBe(true);
  });

  it('accepts a refresh naming the connection it replaces', () => {
    // Act
    const result = validateConnectQuery({
      sessionId: 'golden-eagle-427',
      targetLanguage: 'es',
      previousConnectionId: 'Ab3dEfGhIjKlMnO=',
    });

    // Assess
    expect(result).toMatchObject({ ok: true, value: { previousConnectionId: 'Ab3dEfGhIjKlMnO=' } });
  });

  it('refuses a previousConnectionId that cannot be a connection id', () => {
    // Act
    const result = validateConnectQuery({ sessionId: 'golden-eagle-427', previousConnectionId: 'a b;c' });

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });

  it.each([
    ['true', true],
    ['false', false],
  ])('reads captionsOnly=%s as the boolean %p', (word, flag) => {
    // Act
    const result = validateConnectQuery({
      sessionId: 'golden-eagle-427',
      targetLanguage: 'es',
      captionsOnly: word,
    });

    // Assess
    expect(result).toEqual({
      ok: true,
      value: { sessionId: 'golden-eagle-427', targetLanguage: 'es', captionsOnly: flag },
    });
  });

  it.each([
    ['true', true],
    ['false', false],
  ])('reads liveCaptions=%s as the boolean %p, beside captionsOnly', (word, flag) => {
    // Act
    const result = validateConnectQuery({
      sessionId: 'golden-eagle-427',
      targetLanguage: 'es',
      captionsOnly: 'false',
      liveCaptions: word,
    });

    // Assess
    expect(result).toEqual({
      ok: true,
      value: { sessionId: 'golden-eagle-427', targetLanguage: 'es', captionsOnly: false, liveCaptions: flag },
    });
  });

  it.each([['1'], ['on'], ['']])('answers INVALID_PARAMETERS for liveCaptions=%p', (word) => {
    // Act
    const result = validateConnectQuery({ sessionId: 'golden-eagle-427', liveCaptions: word });

    // Assess
    expect(result).toMatchObject({
      ok: false,
      code: 'INVALID_PARAMETERS',
      message: expect.stringMatching(/liveCaptions/),
    });
  });

  it.each([['1'], ['yes'], ['TRUE'], ['']])('answers INVALID_PARAMETERS for captionsOnly=%p', (word) => {
    // Act
    const result = validateConnectQuery({
      sessionId: 'golden-eagle-427',
      targetLanguage: 'es',
      captionsOnly: word,
    });

    // Assess
    expect(result).toMatchObject({
      ok: false,
      code: 'INVALID_PARAMETERS',
      message: expect.stringMatching(/captionsOnly/),
    });
  });

  it.each([
    ['no query string', null],
    ['no session id', { targetLanguage: 'es' }],
    ['a malformed session id', { sessionId: 'golden_eagle_427', targetLanguage: 'es' }],
    ['a malformed language', { sessionId: 'golden-eagle-427', targetLanguage: 'spanish' }],
    ['an empty token', { sessionId: 'golden-eagle-427', token: '' }],
  ])('answers INVALID_PARAMETERS for %s', (_what, query) => {
    // Act
    const result = validateConnectQuery(query);

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });
});

describe('parseCreateSessionBody', () => {
  it('accepts a source language with an optional quality tier', () => {
    // Act
    const result = parseCreateSessionBody('{"sourceLanguage":"en","qualityTier":"premium"}');

    // Assess
    expect(result).toEqual({ ok: true, value: { sourceLanguage: 'en', qualityTier: 'premium' } });
  });

  it('answers INVALID_MESSAGE for a body that is not JSON', () => {
    // Act
    const result = parseCreateSessionBody('sourceLanguage=en');

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_MESSAGE' });
  });

  it.each([
    ['no body', null],
    ['an empty object', '{}'],
    ['an unknown field', '{"sourceLanguage":"en","speakerId":"someone-else"}'],
    ['an unknown quality tier', '{"sourceLanguage":"en","qualityTier":"gold"}'],
  ])('answers INVALID_PARAMETERS for %s', (_what, raw) => {
    // Act
    const result = parseCreateSessionBody(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });
});

describe('parseUpdateSessionBody', () => {
  it.each([
    ['{"status":"paused"}'],
    ['{"status":"ended"}'],
    ['{"sourceLanguage":"fr","qualityTier":"standard"}'],
  ])('accepts %s', (raw) => {
    // Act
    const result = parseUpdateSessionBody(raw);

    // Assess
    expect(result).toEqual({ ok: true, value: JSON.parse(raw) });
  });

  it('answers INVALID_MESSAGE for a body that is not JSON', () => {
    // Act
    const result = parseUpdateSessionBody('{status: paused}');

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_MESSAGE' });
  });

  it.each([
    ['no body, which changes nothing', undefined],
    ['an empty object, which changes nothing', '{}'],
    ['an unknown status', '{"status":"archived"}'],
    ['a field that cannot change', '{"listenerCount":0}'],
  ])('answers INVALID_PARAMETERS for %s', (_what, raw) => {
    // Act
    const result = parseUpdateSessionBody(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });
});
