module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'smoke',
  roots: ['<rootDir>/src'],
  // The suite and the bin's three lines need a running stage: smoke.e2e and smoke-package.e2e run them.
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.spec.ts', '!src/suite.ts', '!src/cli.ts'],
};
