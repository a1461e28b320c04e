import { ERROR_CODES, HTTP_STATUS_BY_CODE, isErrorCode } from './error-codes';

describe('error codes', () => {
  it('lists every code once', () => {
    // Act
    const unique = new Set(ERROR_CODES);

    // Assess
    expect(unique.size).toBe(ERROR_CODES.length);
  });

  it('maps every code to a client or server error status', () => {
    // Act
    const statuses = ERROR_CODES.map((code) => HTTP_STATUS_BY_CODE[code]);

    // Assess
    for (const status of statuses) {
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(600);
    }
    expect(Object.keys(HTTP_STATUS_BY_CODE).sort()).toEqual([...ERROR_CODES].sort());
  });

  it.each([
    ['SESSION_NOT_FOUND', 404],
    ['SESSION_FULL', 429],
    ['RATE_LIMIT_EXCEEDED', 429],
    ['MESSAGE_TOO_LARGE', 413],
    ['UNAUTHORIZED', 401],
    ['FORBIDDEN', 403],
    ['INTERNAL_ERROR', 500],
  ] as const)('answers %s with HTTP %d', (code, status) => {
    // Act
    const actual = HTTP_STATUS_BY_CODE[code];

    // Assess
    expect(actual).toBe(status);
  });
});

describe('isErrorCode', () => {
  it('accepts every code of the contract', () => {
    // Act
    const accepted = ERROR_CODES.filter((code) => isErrorCode(code));

    // Assess
    expect(accepted).toEqual([...ERROR_CODES]);
  });

  it.each([
    ['NOT_A_CODE'],
    ['session_not_found'],
    [''],
    [404],
    [null],
    [undefined],
    [{ code: 'INTERNAL_ERROR' }],
  ])('rejects %p', (value) => {
    // Act
    const accepted = isErrorCode(value);

    // Assess
    expect(accepted).toBe(false);
  });
});
