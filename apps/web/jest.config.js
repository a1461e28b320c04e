// Unit tests of the pages' logic (state machines, formatting, i18n) without a DOM; components and
// main.tsx are exercised by the browser e2e (tools/e2e/src/web-*.e2e.spec.ts), so coverage counts logic only.
module.exports = {
  preset: '../../jest.preset.js',
  displayName: 'web',
  roots: ['<rootDir>/src', '<rootDir>/infra'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  collectCoverageFrom: [
    'src/**/*.ts',
    'infra/**/*.ts',
    '!**/*.spec.ts',
    // Test harnesses shared by several specs are test code, not the app's.
    '!**/*.harness.ts',
    '!src/**/index.ts',
    '!src/**/*.d.ts',
    // The CLI only wires deploy.ts to child_process; deploy.ts is unit-tested.
    '!infra/deploy-cli.ts',
    // Browser glue (the client library, Blob downloads) and components: the browser e2e covers them.
    '!src/listener/platform/lingocast.ts',
    '!src/listener/platform/download.ts',
    '!src/listener/components/**',
  ],
};
