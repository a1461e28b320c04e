import { defineConfig } from 'tsup';

// Dual ESM/CJS with types. The workspace libs (@lingocast/contract, @lingocast/validation) are not
// published, so they are bundled in (resolved through the tsconfig paths). Server messages are
// checked by validators generated ahead of time (libs/validation/src/generated): no ajv, no
// `new Function`, so the package runs under a CSP without 'unsafe-eval'; `package-check` greps the
// build for it. Whitespace is minified: the generated validators are deeply nested code.
export default defineConfig({
  entry: { index: 'src/index.ts', browser: 'src/browser/index.ts' },
  format: ['esm', 'cjs'],
  // The contract's types are derived with json-schema-to-ts (a devDependency): its declarations, and
  // the relative files they import, are bundled too, so a user's project needs nothing to type-check.
  dts: {
    resolve: [/^@lingocast\//, /^json-schema-to-ts/, /^ts-algebra/, /^\.\.?\//],
    compilerOptions: { composite: false },
  },
  tsconfig: 'tsconfig.lib.json',
  outDir: 'dist',
  target: 'es2022',
  platform: 'neutral',
  noExternal: [/^@lingocast\//],
  clean: true,
  sourcemap: false,
  treeshake: true,
  minifyWhitespace: true,
  splitting: false,
});
