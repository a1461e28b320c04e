module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'session-data',
  roots: ['<rootDir>/src'],
  // Test-only helpers (DynamoDB Local for the integration specs) are not part of the lib.
  coveragePathIgnorePatterns: ['/node_modules/', '\\.spec-helper\\.ts$'],
};
