import { reservedConcurrency } from './concurrency';

describe('reservedConcurrency', () => {
  it('reserves for production audiences on prod, within the default account limit with 400 to spare', () => {
    // Act
    const roles = (['connect', 'audio', 'fanOut'] as const).map((role) => reservedConcurrency('prod', role));

    // Assess
    expect(roles).toEqual([200, 100, 300]);
    expect(1_000 - roles.reduce((a, b) => a + b, 0)).toBe(400);
  });

  it('reserves little on every other stage', () => {
    // Assess
    expect(reservedConcurrency('dev', 'connect')).toBe(10);
    expect(reservedConcurrency('staging', 'audio')).toBe(5);
    expect(reservedConcurrency('pr-7', 'fanOut')).toBe(10);
  });
});
