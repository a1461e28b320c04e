import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApertiumTranslator } from './apertium-translator';
import { SENTENCE, SENTENCES, writeFakeApertium } from './apertium-translator.spec-helper';
import { fakeStarter } from './testing/fake-pipeline-process';

// The warm pipelines: one long-lived Apertium process per mode, and the per-call fallback.
// Real engine, as in apertium-translator.spec.ts.
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

describe('ApertiumTranslator', () => {
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
