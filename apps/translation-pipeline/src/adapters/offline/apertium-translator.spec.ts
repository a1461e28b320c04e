import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApertiumTranslator, stripApertiumMarks } from './apertium-translator';
import { OfflineEngineError } from './run-process';
import { fakeStarter } from './testing/fake-pipeline-process';

// Real engine: the Debian Apertium pairs listed in docs (eng-spa, eng-cat, en-gl, es-pt, fr-es, spa-ita).
jest.setTimeout(60_000);

const SENTENCE = 'The children were playing in the garden with their dog.';

/** The latency benchmark's sentences, with and without final punctuation (speech-to-text gives none). */
const SENTENCES = [
  'Welcome to the morning service.',
  'The church meets every Sunday morning to pray together.',
  'Please open your books and sing with us.',
  'We thank the Lord for this beautiful day.',
  'The children will meet in the garden after the service.',
  'Please remember the families who are sick this week',
  'We will read from the book of Psalms',
  'Peace be with you and with your family',
  'Save $5 now: 50% off <today> only!',
];

let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'apertium-spec-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/** What the apertium command prints for `text`, fed from a file through the shell like a person would. */
function apertiumCli(mode: string, text: string): string {
  const input = join(workDir, `cli-${mode}.txt`);
  writeFileSync(input, `${text}\n`);
  return execFileSync('sh', ['-c', 'apertium "$1" < "$2"', 'sh', mode, input]).toString('utf8').trim();
}

function fakeApertium(name: string, body: string): string {
  const path = join(workDir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('ApertiumTranslator', () => {
  const translator = new ApertiumTranslator();

  afterAll(() => translator.close());

  it('translates English to Spanish exactly as the apertium command does', async () => {
    // Prepare
    const expected = apertiumCli('eng-spa', SENTENCE);

    // Act
    const translated = await translator.translate({
      text: SENTENCE,
      sourceLanguage: 'en',
      targetLanguage: 'es',
    });

    // Assess
    expect(translated).toBe(expected);
    expect(translated).toContain('niños');
  });

  it.each(['ca', 'gl'])('translates English to %s directly', async (targetLanguage) => {
    // Act
    const translated = await translator.translate({ text: SENTENCE, sourceLanguage: 'en', targetLanguage });

    // Assess
    expect(translator.route('en', targetLanguage)).toHaveLength(1);
    expect(translated.length).toBeGreaterThan(10);
    expect(translated).not.toBe(SENTENCE);
  });

  it.each([
    ['pt', 'es-pt'],
    ['fr', 'es-fr'],
    ['it', 'spa-ita'],
  ])('translates English to %s through Spanish', async (targetLanguage, secondMode) => {
    // Prepare
    const spanish = await translator.translate({
      text: SENTENCE,
      sourceLanguage: 'en',
      targetLanguage: 'es',
    });

    // Act
    const translated = await translator.translate({ text: SENTENCE, sourceLanguage: 'en', targetLanguage });

    // Assess
    expect(translator.route('en', targetLanguage)).toEqual(['eng-spa', secondMode]);
    expect(translated.length).toBeGreaterThan(10);
    expect(translated).not.toBe(SENTENCE);
    expect(translated).not.toBe(spanish);
  });

  it('uses the Brazilian variant for pt-BR', () => {
    expect(translator.route('en-US', 'pt-BR')).toEqual(['eng-spa', 'es-pt_BR']);
  });

  it('leaves no unknown-word marks in the output', async () => {
    // Act
    const translated = await translator.translate({
      text: 'Our keynote speaker flibbertigibbets tomorrow.',
      sourceLanguage: 'en',
      targetLanguage: 'fr',
    });

    // Assess
    expect(translated).toContain('flibbertigibbets');
    expect(translated).not.toMatch(/(^|\s)[*@#]/);
  });

  it('knows which pairs it can serve', () => {
    expect(['es', 'ca', 'gl', 'pt', 'fr', 'it'].every((target) => translator.supports('en', target))).toBe(
      true,
    );
    expect(translator.supports('en', 'de')).toBe(false);
    expect(translator.supports('ca', 'fr')).toBe(false);
  });

  it('returns the text unchanged when source and target are the same language', async () => {
    // Act
    const translated = await translator.translate({
      text: ' Hello there ',
      sourceLanguage: 'en-GB',
      targetLanguage: 'en',
    });

    // Assess
    expect(translated).toBe('Hello there');
  });

  it('throws for a pair it cannot serve', async () => {
    // Act
    const attempt = translator.translate({ text: SENTENCE, sourceLanguage: 'en', targetLanguage: 'de' });

    // Assess
    await expect(attempt).rejects.toThrow(OfflineEngineError);
  });

  it('detects the installed modes with apertium -l', async () => {
    // Prepare: an apertium that only knows English to Spanish
    const apertiumPath = fakeApertium(
      'only-eng-spa.sh',
      `[ "$1" = "-l" ] && printf '  eng-spa\\n  spa-eng\\n'`,
    );

    // Act
    const detected = await ApertiumTranslator.detect({ apertiumPath });

    // Assess
    expect(detected.supports('en', 'es')).toBe(true);
    expect(detected.supports('en', 'ca')).toBe(false);
    expect(detected.supports('en', 'pt')).toBe(false);
  });

  it('detects every Debian pair on this machine', async () => {
    // Act
    const detected = await ApertiumTranslator.detect();

    // Assess
    expect(['es', 'ca', 'gl', 'pt', 'fr', 'it'].filter((target) => !detected.supports('en', target))).toEqual(
      [],
    );
  });

  it('fails with the exit code and stderr when apertium fails', async () => {
    // Prepare
    const apertiumPath = fakeApertium('failing.sh', 'echo "mode not installed" >&2; exit 2');
    const failing = new ApertiumTranslator({ apertiumPath, warm: false });

    // Act
    const attempt = failing.translate({ text: SENTENCE, sourceLanguage: 'en', targetLanguage: 'es' });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'OfflineEngineError',
      details: expect.objectContaining({ exitCode: 2, stderr: 'mode not installed' }),
    });
  });

  it('runs the shared English to Spanish step once when several pivot languages translate at the same time (one process per call)', async () => {
    // Prepare: a fake apertium that logs each mode it runs and answers after a short delay
    const runs = join(workDir, 'runs.log');
    const apertiumPath = fakeApertium(
      'counting.sh',
      `echo "$2" >> ${runs}; sleep 0.2; echo "translated by $2"`,
    );
    const counting = new ApertiumTranslator({ apertiumPath, warm: false });

    // Act
    const translations = await Promise.all(
      ['pt', 'fr', 'it'].map((targetLanguage) =>
        counting.translate({ text: SENTENCE, sourceLanguage: 'en', targetLanguage }),
      ),
    );

    // Assess
    const modes = readFileSync(runs, 'utf8').trim().split('\n').sort();
    expect(modes).toEqual(['eng-spa', 'es-fr', 'es-pt', 'spa-ita']);
    expect(translations).toEqual(['translated by es-pt', 'translated by es-fr', 'translated by spa-ita']);
  });

  it('fails when apertium prints nothing for a non-empty text', async () => {
    // Prepare: what apertium 3.8 does when it cannot open its input (usage on stderr, exit 0)
    const apertiumPath = fakeApertium('silent.sh', 'echo "USAGE: apertium-destxt" >&2; exit 0');
    const silent = new ApertiumTranslator({ apertiumPath, warm: false });

    // Act
    const attempt = silent.translate({ text: SENTENCE, sourceLanguage: 'en', targetLanguage: 'es' });

    // Assess
    await expect(attempt).rejects.toThrow(/returned no text/);
  });

  it('gives exactly what one apertium process per call gives, for every language, through warm pipelines', async () => {
    // Prepare: one warm translator serving a run of sentences, as a session would
    const failures: string[] = [];
    const warm = new ApertiumTranslator({ onWarmFailure: (_error, mode) => failures.push(mode) });
    const perCall = new ApertiumTranslator({ warm: false });
    const targets = ['es', 'ca', 'gl', 'fr', 'pt', 'it'];

    try {
      // Act
      const differences: string[] = [];
      for (const targetLanguage of targets) {
        for (const text of SENTENCES) {
          const request = { text, sourceLanguage: 'en', targetLanguage };
          const [fromWarm, fromProcess] = await Promise.all([
            warm.translate(request),
            perCall.translate(request),
          ]);
          if (fromWarm !== fromProcess) differences.push(`${targetLanguage}: ${fromWarm} ≠ ${fromProcess}`);
        }
      }

      // Assess
      expect(differences).toEqual([]);
      expect(failures).toEqual([]);
    } finally {
      warm.close();
    }
  }, 180_000); // 48 translations by separate processes: slow on a busy machine

  it('answers from the warm pipelines within milliseconds once they are loaded', async () => {
    // Prepare: load the English to Spanish pipeline
    const warm = new ApertiumTranslator();
    try {
      await warm.translate({ text: 'Hello.', sourceLanguage: 'en', targetLanguage: 'es' });

      // Act
      const started = performance.now();
      const translated = await warm.translate({ text: SENTENCE, sourceLanguage: 'en', targetLanguage: 'es' });
      const elapsedMs = performance.now() - started;

      // Assess: a process per call takes 0.3 s or more on this machine just to load the pair
      expect(translated).toContain('niños');
      expect(elapsedMs).toBeLessThan(250);
    } finally {
      warm.close();
    }
  });

  it('feeds each warm pipeline the text in Apertium stream format and reads plain text back', async () => {
    // Prepare: fake pipelines that tag the stream they got with their mode
    const received = new Map<string, string[]>();
    const translatorWithFakes = new ApertiumTranslator({
      startPipeline: (mode) =>
        fakeStarter((request, process) => {
          received.set(mode, [...(received.get(mode) ?? []), request]);
          process.answer(`${mode} *got ${request.replace('.[][\n]', '')}.[][\n]`);
        }).start(),
    });

    // Act
    const translated = await translatorWithFakes.translate({
      text: ' Pay $5  now ',
      sourceLanguage: 'en',
      targetLanguage: 'fr',
    });

    // Assess: English → Spanish, then Spanish → French, each through its own pipeline
    expect(received.get('eng-spa')).toEqual(['Pay \\$5 now.[][\n]']);
    expect(received.get('es-fr')).toEqual(['eng-spa got Pay \\$5 now.[][\n]']);
    expect(translated).toBe('es-fr got eng-spa got Pay $5 now');
  });

  it('runs the shared English to Spanish step once in its warm pipeline when pivot languages translate at once', async () => {
    // Prepare
    const requests: string[] = [];
    const translatorWithFakes = new ApertiumTranslator({
      startPipeline: (mode) =>
        fakeStarter((request, process) => {
          requests.push(mode);
          setTimeout(() => process.answer(`${mode}.[][\n]`), 20);
        }).start(),
    });

    // Act
    const translations = await Promise.all(
      ['pt', 'fr', 'it'].map((targetLanguage) =>
        translatorWithFakes.translate({ text: SENTENCE, sourceLanguage: 'en', targetLanguage }),
      ),
    );

    // Assess
    expect(requests.sort()).toEqual(['eng-spa', 'es-fr', 'es-pt', 'spa-ita']);
    expect(translations).toEqual(['es-pt', 'es-fr', 'spa-ita']);
  });

  it('falls back to one apertium process when the warm pipeline fails, and says so', async () => {
    // Prepare: every warm pipeline crashes; the per-call apertium answers
    const apertiumPath = fakeApertium('per-call.sh', 'echo "per call by $2"');
    const failures: Array<{ mode: string; message: string }> = [];
    const fallingBack = new ApertiumTranslator({
      apertiumPath,
      startPipeline: () => fakeStarter((_request, process) => process.crash(1, 'lt-proc: error')).start(),
      onWarmFailure: (error, mode) => failures.push({ mode, message: (error as Error).message }),
    });

    // Act
    const translated = await fallingBack.translate({
      text: SENTENCE,
      sourceLanguage: 'en',
      targetLanguage: 'es',
    });

    // Assess
    expect(translated).toBe('per call by eng-spa');
    expect(failures).toEqual([
      { mode: 'eng-spa', message: 'apertium eng-spa pipeline exited (exit code 1, signal null)' },
    ]);
  });

  it('falls back when the warm pipeline answers with no text', async () => {
    // Prepare
    const apertiumPath = fakeApertium('per-call-2.sh', 'echo "per call by $2"');
    const fallingBack = new ApertiumTranslator({
      apertiumPath,
      startPipeline: () => fakeStarter((_request, process) => process.answer('[][\n]')).start(),
    });

    // Act
    const translated = await fallingBack.translate({
      text: SENTENCE,
      sourceLanguage: 'en',
      targetLanguage: 'es',
    });

    // Assess
    expect(translated).toBe('per call by eng-spa');
  });

  it('fails with both reasons when the warm pipeline and the separate process both fail', async () => {
    // Prepare
    const apertiumPath = fakeApertium('failing-too.sh', 'echo "mode not installed" >&2; exit 2');
    const failing = new ApertiumTranslator({
      apertiumPath,
      startPipeline: () => Promise.reject(new Error('apertium-wblank-mode: no such mode')),
    });

    // Act
    const attempt = failing.translate({ text: SENTENCE, sourceLanguage: 'en', targetLanguage: 'es' });

    // Assess
    await expect(attempt).rejects.toMatchObject({
      name: 'OfflineEngineError',
      message: expect.stringMatching(
        /^apertium eng-spa failed in its warm pipeline \(apertium-wblank-mode: no such mode\) and as a separate process \(.*exit code 2/,
      ),
    });
  });

  it('stops its warm pipelines when closed and starts new ones on the next call', async () => {
    // Prepare
    const { start, started } = fakeStarter((request, process) => process.answer(request));
    const closing = new ApertiumTranslator({ startPipeline: start });
    await closing.translate({ text: 'one', sourceLanguage: 'en', targetLanguage: 'es' });

    // Act
    closing.close();
    const next = await closing.translate({ text: 'two', sourceLanguage: 'en', targetLanguage: 'es' });

    // Assess
    expect(next).toBe('two');
    expect(started.map((process) => process.killed)).toEqual([true, false]);
  });

  it('falls back when the machine has no mode file for a warm pipeline', async () => {
    // Prepare: a data folder without modes; the per-call apertium still answers
    const apertiumPath = fakeApertium('per-call-3.sh', 'echo "per call by $2"');
    const failures: string[] = [];
    const noModes = new ApertiumTranslator({
      apertiumPath,
      dataDir: workDir,
      onWarmFailure: (error) => failures.push((error as Error).message),
    });

    // Act
    const translated = await noModes.translate({
      text: SENTENCE,
      sourceLanguage: 'en',
      targetLanguage: 'es',
    });

    // Assess
    expect(translated).toBe('per call by eng-spa');
    expect(failures).toHaveLength(1);
    noModes.close();
  });
});

describe('stripApertiumMarks', () => {
  it('removes unknown, untranslated and ungenerated word marks', () => {
    expect(stripApertiumMarks('La #pronóstico y el **keynote con @dog.\n')).toBe(
      'La pronóstico y el keynote con dog.',
    );
  });

  it('closes the gaps Apertium leaves around unknown words', () => {
    expect(stripApertiumMarks('Nuestros  y  vivo es famoso .')).toBe('Nuestros y vivo es famoso.');
  });

  it('keeps symbols inside words', () => {
    expect(stripApertiumMarks('mail a@b.org, tema C#')).toBe('mail a@b.org, tema C#');
  });
});
