import { defineConfig } from 'tsup';

// One CommonJS file for Node with the workspace libs bundled in (they are not published); `ws` stays a
// dependency. The suite's speech is made beside it by scripts/make-speech.ts (the build's second step).
export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['cjs'],
  tsconfig: 'tsconfig.json',
  outDir: 'dist',
  target: 'node20',
  platform: 'node',
  noExternal: [/^@lingocast\//],
  external: ['ws'],
  clean: true,
  sourcemap: false,
  treeshake: true,
  splitting: false,
  minifyWhitespace: true,
});
