import { SESSION_ID_PATTERN } from '@lingocast/contract';
import { randomIds } from './system';

describe('system adapters', () => {
  it('generates readable session ids from a secure random source', () => {
    // Act
    const ids = Array.from({ length: 200 }, () => randomIds.sessionId());

    // Assess
    expect(ids.every((id) => new RegExp(SESSION_ID_PATTERN).test(id))).toBe(true);
    expect(new Set(ids).size).toBeGreaterThan(190);
  });
});
