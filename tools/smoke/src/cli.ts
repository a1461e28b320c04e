#!/usr/bin/env node
// The `lingocast-smoke` command (npx @lingocast/smoke …): see HELP in main.ts.
import { join } from 'node:path';
import { runCli } from './main';
import { loadSpeech } from './speech';

// Bundled, this file is dist/cli.js and the speech is in dist/speech; from source, flite speaks it.
const speechDir = join(__dirname, 'speech');

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  speak: (text) => loadSpeech(speechDir, text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`✘ ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
