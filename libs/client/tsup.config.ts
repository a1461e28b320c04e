import { defineConfig } from 'tsup';

// Dual ESM/CJS with types. The workspace libs (@lingocast/contract, @lingocast/validation) are not
// published, so they are bundled in (resolved through the tsconfig paths); ajv is a dependency.
export default defineConfig({
  entry: { index: 'src/index.ts', browser: 'src/browser/index.ts' },
  format: ['esm', 'cjs'],
  dts: { resolve: [/^@lingocast\//], compilerOptions: { composite: false } },
  tsconfig: 'tsconfig.lib.json',
  outDir: 'dist',
  target: 'es2022',
  platform: 'neutral',
  external: ['ajv'],
  noExternal: [/^@lingocast\//],
  clean: true,
  sourcemap: false,
  treeshake: true,
  splitting: false,
});
