module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'local-services',
  roots: ['<rootDir>/src'],
  // Some specs start DynamoDB Local (loopback only) and compile its launcher.
  testTimeout: 60_000,
  setupFiles: ['<rootDir>/test/setup-env.js'],
};
