module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'validation',
  roots: ['<rootDir>/src'],
  // src/generated is ajv's standalone code (codegen.ts): checked by codegen.spec.ts, not measured.
  collectCoverageFrom: ['src/**/*.ts', '!src/**/*.spec.ts', '!src/**/index.ts', '!src/generated/**'],
};
