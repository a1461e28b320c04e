import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TranslationRequest, Translator } from '../../ports/translator';
import { ApertiumPipeline, spawnShellPipeline } from './apertium-pipeline';
import type { PipelineProcess } from './apertium-pipeline';
import { deformatText, normaliseText, reformatText } from './apertium-text-format';
import { OfflineEngineError, runProcess } from './run-process';

/**
 * Apertium modes by `source>target` language code (ISO 639-1, or a full tag where Apertium has a variant).
 * Debian's pairs: apertium-eng-spa, -eng-cat, -en-gl, -es-pt, -fr-es, -spa-ita.
 */
export const APERTIUM_MODES: Readonly<Record<string, string>> = {
  'en>es': 'eng-spa',
  'es>en': 'spa-eng',
  'en>ca': 'eng-cat',
  'ca>en': 'cat-eng',
  'en>gl': 'en-gl',
  'gl>en': 'gl-en',
  'es>pt': 'es-pt',
  'es>pt-br': 'es-pt_BR',
  'pt>es': 'pt-es',
  'es>fr': 'es-fr',
  'fr>es': 'fr-es',
  'es>it': 'spa-ita',
  'it>es': 'ita-spa',
};

export interface ApertiumOptions {
  /** Installed modes (as `apertium -l` prints them). Default: every mode in {@link APERTIUM_MODES};
   * use {@link ApertiumTranslator.detect} to ask the machine instead. */
  availableModes?: readonly string[];
  /** Language used between two languages with no direct pair. Default `es`. */
  pivotLanguage?: string;
  /** Per Apertium run, and per answer of a warm pipeline (its first, loading included). Default 15 000 ms. */
  timeoutMs?: number;
  /** Default `apertium` (from PATH). */
  apertiumPath?: string;
  /** Keep one long-lived pipeline per mode (default `true`); `false` runs one `apertium` process per call. */
  warm?: boolean;
  /** Where the `modes/<mode>.mode` files are. Default `/usr/share/apertium` (Debian's). */
  dataDir?: string;
  /** Default `apertium-wblank-mode` (from PATH): turns a mode file into the pipeline `apertium` runs. */
  wblankModePath?: string;
  /** Starts a warm pipeline for a mode. Default: the mode's null-flush pipeline under `sh -c`. Tests inject
   * fakes here. */
  startPipeline?: (mode: string) => Promise<PipelineProcess>;
  /** Told when a warm pipeline failed and the call fell back to a separate `apertium` process. */
  onWarmFailure?: (error: unknown, mode: string) => void;
}

/**
 * Offline translation with Apertium (rule-based). Uses a direct mode where one exists and otherwise pivots
 * through Spanish, so English reaches es, ca, gl (direct) and pt, fr, it (through es).
 *
 * Warm by default: one long-lived pipeline per mode, every stage in null-flush mode (`-z`), the way
 * apertium-apy serves requests; a sentence then costs a few milliseconds instead of a process start and the
 * loading of every stage's data (0.3–1 s). `apertium -z` itself cannot do this for plain text: its
 * `apertium-destxt`/`apertium-retxt` stages drop the NUL, so this class does their (small) job itself
 * ({@link deformatText}, {@link reformatText}). When a warm pipeline fails, the call falls back to one
 * `apertium` process, which gives the same text.
 *
 * @example
 * const translator = await ApertiumTranslator.detect();
 * await translator.translate({ text: 'Good morning', sourceLanguage: 'en', targetLanguage: 'fr' });
 */
export class ApertiumTranslator implements Translator {
  private readonly modes: ReadonlySet<string>;
  private readonly pivotLanguage: string;
  private readonly timeoutMs: number;
  private readonly apertiumPath: string;
  private readonly warm: boolean;
  private readonly dataDir: string;
  private readonly wblankModePath: string;
  private readonly startPipeline: (mode: string) => Promise<PipelineProcess>;
  private readonly onWarmFailure: ((error: unknown, mode: string) => void) | undefined;
  /** Runs in progress by mode and text: languages pivoting through Spanish share one en→es run. */
  private readonly inFlight = new Map<string, Promise<string>>();
  /** Warm pipelines by mode, started on first use. */
  private readonly pipelines = new Map<string, ApertiumPipeline>();

  constructor(options: ApertiumOptions = {}) {
    this.modes = new Set(options.availableModes ?? Object.values(APERTIUM_MODES));
    this.pivotLanguage = normaliseLanguage(options.pivotLanguage ?? 'es');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.apertiumPath = options.apertiumPath ?? 'apertium';
    this.warm = options.warm ?? true;
    this.dataDir = options.dataDir ?? '/usr/share/apertium';
    this.wblankModePath = options.wblankModePath ?? 'apertium-wblank-mode';
    this.startPipeline = options.startPipeline ?? ((mode) => this.startNullFlushPipeline(mode));
    this.onWarmFailure = options.onWarmFailure;
  }

  /** Builds a translator limited to the modes `apertium -l` reports on this machine. */
  static async detect(options: Omit<ApertiumOptions, 'availableModes'> = {}): Promise<ApertiumTranslator> {
    const { stdout } = await runProcess(options.apertiumPath ?? 'apertium', ['-l'], {
      timeoutMs: options.timeoutMs ?? 15_000,
    });
    const availableModes = stdout
      .toString('utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    return new ApertiumTranslator({ ...options, availableModes });
  }

  supports(sourceLanguage: string, targetLanguage: string): boolean {
    return this.route(sourceLanguage, targetLanguage) !== undefined;
  }

  /**
   * The Apertium modes a translation runs through, in order; `[]` when source and target are the same
   * language (regional variants included), `undefined` when there is no way.
   */
  route(sourceLanguage: string, targetLanguage: string): string[] | undefined {
    const source = normaliseLanguage(sourceLanguage);
    const target = normaliseLanguage(targetLanguage);
    if (primary(source) === primary(target)) return []; // en-GB to en: nothing to translate
    const direct = this.mode(source, target);
    if (direct !== undefined) return [direct];
    const toPivot = this.mode(source, this.pivotLanguage);
    const fromPivot = this.mode(this.pivotLanguage, target);
    return toPivot !== undefined && fromPivot !== undefined ? [toPivot, fromPivot] : undefined;
  }

  async translate(request: TranslationRequest): Promise<string> {
    const route = this.route(request.sourceLanguage, request.targetLanguage);
    if (route === undefined) {
      throw new OfflineEngineError(
        `Apertium cannot translate ${request.sourceLanguage} to ${request.targetLanguage}`,
        {
          details: { sourceLanguage: request.sourceLanguage, targetLanguage: request.targetLanguage },
        },
      );
    }
    let text = normaliseText(request.text);
    for (const mode of route) {
      if (text.length === 0) break;
      text = await this.runShared(mode, text);
    }
    return text;
  }

  /** Joins an identical run already in progress instead of starting another process. */
  private runShared(mode: string, text: string): Promise<string> {
    const key = `${mode}\u0000${text}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const run = (this.warm ? this.runWarm(mode, text) : this.runProcess(mode, text)).finally(() =>
      this.inFlight.delete(key),
    );
    this.inFlight.set(key, run);
    return run;
  }

  /** Stops the warm pipelines; later calls start new ones. */
  close(): void {
    for (const pipeline of this.pipelines.values()) pipeline.close();
    this.pipelines.clear();
  }

  /** Through the mode's warm pipeline; through a separate process if the pipeline fails. */
  private async runWarm(mode: string, text: string): Promise<string> {
    let pipeline = this.pipelines.get(mode);
    if (pipeline === undefined) {
      pipeline = new ApertiumPipeline({
        name: mode,
        start: () => this.startPipeline(mode),
        timeoutMs: this.timeoutMs,
      });
      this.pipelines.set(mode, pipeline);
    }
    let warmError: unknown;
    try {
      const translated = stripApertiumMarks(reformatText(await pipeline.translate(deformatText(text))));
      if (translated.length > 0) return translated;
      warmError = new OfflineEngineError(`apertium ${mode} pipeline returned no text`, { details: { mode } });
    } catch (error) {
      warmError = error;
    }
    this.onWarmFailure?.(warmError, mode);
    try {
      return await this.runProcess(mode, text);
    } catch (processError) {
      throw new OfflineEngineError(
        `apertium ${mode} failed in its warm pipeline (${(warmError as Error).message}) and as a separate process (${(processError as Error).message})`,
        { cause: processError, details: { mode, warmError } },
      );
    }
  }

  /**
   * The mode's pipeline as the `apertium` command builds it (`apertium-wblank-mode`), with `-z` on every
   * stage; `$1` is the generator's option (`-n`: no unknown-word marks, as `apertium -u`), `$2` the tagger's.
   */
  private async startNullFlushPipeline(mode: string): Promise<PipelineProcess> {
    const { stdout } = await runProcess(
      this.wblankModePath,
      ['-z', join(this.dataDir, 'modes', `${mode}.mode`)],
      { timeoutMs: this.timeoutMs },
    );
    const command = stdout.toString('utf8').trim();
    if (command.length === 0) {
      throw new OfflineEngineError(`${this.wblankModePath} printed no pipeline for ${mode}`, {
        details: { mode },
      });
    }
    return spawnShellPipeline(command, ['-n', '']);
  }

  /**
   * One `apertium` process for this call. The text goes in as a file: the `apertium` script opens
   * `/dev/stdin` by name, which fails when stdin is the socket Node's spawn provides (it then prints its
   * usage and still exits 0 with no output).
   */
  private async runProcess(mode: string, text: string): Promise<string> {
    const folder = await mkdtemp(join(tmpdir(), 'apertium-'));
    try {
      const inputFile = join(folder, 'input.txt');
      await writeFile(inputFile, `${text}\n`, 'utf8');
      // -u: no '*' before unknown words; they pass through as they are.
      const { stdout, stderr } = await runProcess(this.apertiumPath, ['-u', mode, inputFile], {
        timeoutMs: this.timeoutMs,
      });
      const translated = stripApertiumMarks(stdout.toString('utf8'));
      if (translated.length === 0) {
        throw new OfflineEngineError(`apertium ${mode} returned no text`, {
          details: { mode, stderr: stderr.trim() || undefined },
        });
      }
      return translated;
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /** A mode for the exact tag (`pt-br`) first, then for its primary language (`pt`). */
  private mode(source: string, target: string): string | undefined {
    const candidates = [`${source}>${target}`, `${primary(source)}>${primary(target)}`];
    for (const key of candidates) {
      const mode = APERTIUM_MODES[key];
      if (mode !== undefined && this.modes.has(mode)) return mode;
    }
    return undefined;
  }
}

/**
 * Removes Apertium's diagnostic marks — `*` unknown word, `@` untranslated lemma, `#` ungenerated form —
 * and the stray spacing its pipeline leaves around unknown words.
 *
 * @example
 * stripApertiumMarks('La #pronóstico es *keynote .\n'); // 'La pronóstico es keynote.'
 */
export function stripApertiumMarks(output: string): string {
  return output
    .replace(/(^|[\s([{¿¡"'«])[*@#]+(?=[\p{L}\p{N}])/gu, '$1')
    .replace(/\s+/g, ' ')
    .replace(/ ([.,])/g, '$1')
    .trim();
}

function normaliseLanguage(language: string): string {
  return language.trim().toLowerCase().replace(/_/g, '-');
}

function primary(language: string): string {
  return language.split('-')[0] ?? language;
}
