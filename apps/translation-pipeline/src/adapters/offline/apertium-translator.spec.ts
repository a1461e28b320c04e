import { execFileSync } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApertiumTranslator, stripApertiumMarks } from './apertium-translator';
import { SENTENCE, writeFakeApertium } from './apertium-translator.spec-helper';
import { OfflineEngineError } from './run-process';

// Real engine: the Debian Apertium pairs listed in docs (eng-spa, eng-cat, en-gl, es-pt, fr-es, spa-ita).
// The warm pipelines: apertium-translator-warm.spec.ts.
jest.setTimeout(60_000);

let workDir: string;

beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'apertium-spec-'));
});

afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

function fakeApertium(name: string, body: string): string {
  return writeFakeApertium(workDir, name, body);
}

/** What the apertium command prints for `text`, fed from a file through the shell like a person would. */
function apertiumCli(mode: string, text: string): string {
  const input = join(workDir, `cli-${mode}.txt`);
  writeFileSync(input, `${text}\n`);
  return execFileSync('sh', ['-c', 'apertium "$1" < "$2"', 'sh', mode, input]).toString('utf8').trim();
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
