import { isExpired, ttlAfter } from './ttl';

const NOW_MS = Date.parse('2026-11-02T10:00:00.500Z');
const NOW_SEC = Math.floor(NOW_MS / 1000);

describe('ttlAfter', () => {
  it('gives epoch seconds, rounding the current time down', () => {
    // Act
    const ttl = ttlAfter(NOW_MS, 3600);

    // Assess
    expect(ttl).toBe(NOW_SEC + 3600);
    expect(Number.isInteger(ttl)).toBe(true);
  });
});

describe('isExpired', () => {
  it.each([
    ['a TTL in the past', { ttl: NOW_SEC - 1 }, true],
    ['a TTL of this very second', { ttl: NOW_SEC }, true],
    ['a TTL in the future', { ttl: NOW_SEC + 1 }, false],
    ['no TTL', {}, false],
    ['a TTL that is not a number', { ttl: String(NOW_SEC - 1) }, false],
  ])('says %s is %s', (_what, item, expected) => {
    // Act
    const expired = isExpired(item, NOW_MS);

    // Assess
    expect(expired).toBe(expected);
  });

  it('treats an item as expired from the moment its TTL from ttlAfter passes', () => {
    // Prepare
    const item = { ttl: ttlAfter(NOW_MS, 60) };

    // Act
    const before = isExpired(item, NOW_MS + 59_000);
    const after = isExpired(item, NOW_MS + 60_000);

    // Assess
    expect(before).toBe(false);
    expect(after).toBe(true);
  });
});
