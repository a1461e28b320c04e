import { ENV } from './env-names';

describe('ENV', () => {
  it('gives every setting its own variable', () => {
    // Act
    const names = Object.values(ENV);

    // Assess
    expect(new Set(names).size).toBe(names.length);
  });

  it('names variables in upper snake case', () => {
    // Act
    const names = Object.values(ENV);

    // Assess
    for (const name of names) expect(name).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it('uses the region variable the Lambda runtime sets', () => {
    // Assess
    expect(ENV.region).toBe('AWS_REGION');
  });
});
