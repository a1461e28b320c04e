// Build step of @lingocast/smoke: speaks the suite's sentences into dist/speech (flite + sox, which the
// build machines have), so the installed CLI needs no speech synthesiser.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { speak } from '@lingocast/speech-fixtures';
import { SMOKE_SENTENCES } from '../src/suite';
import { speechFileName, TRAILING_SILENCE_S } from '../src/speech';

const dir = join(__dirname, '..', 'dist', 'speech');
mkdirSync(dir, { recursive: true });
for (const sentence of SMOKE_SENTENCES) {
  const pcm = speak(sentence, TRAILING_SILENCE_S);
  writeFileSync(join(dir, speechFileName(sentence)), pcm);
  console.log(`dist/speech/${speechFileName(sentence)}: ${pcm.length} bytes`);
}
