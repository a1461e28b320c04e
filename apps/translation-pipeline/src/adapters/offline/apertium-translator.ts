import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TranslationRequest, Translator } from '../../ports/translator';
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
  /** Per Apertium run. Default 15 000 ms. */
  timeoutMs?: number;
  /** Default `apertium` (from PATH). */
  apertiumPath?: string;
}

/**
 * Offline translation with Apertium (rule-based). Uses a direct mode where one exists and otherwise pivots
 * through Spanish, so English reaches es, ca, gl (direct) and pt, fr, it (through es). Runs one `apertium`
 * process per mode and call (about 0.3 s): its null-flush mode (`-z`) is broken for plain text in
 * Apertium 3.8, so a warm pipeline is not worth its fragility.
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
  /** Runs in progress by mode and text: languages pivoting through Spanish share one en→es run. */
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(options: ApertiumOptions = {}) {
    this.modes = new Set(options.availableModes ?? Object.values(APERTIUM_MODES));
    this.pivotLanguage = normaliseLanguage(options.pivotLanguage ?? 'es');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.apertiumPath = options.apertiumPath ?? 'apertium';
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
    let text = request.text.trim();
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
    const run = this.runMode(mode, text).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, run);
    return run;
  }

  /**
   * The text goes in as a file: the `apertium` script opens `/dev/stdin` by name, which fails when stdin is
   * the socket Node's spawn provides (it then prints its usage and still exits 0 with no output).
   */
  private async runMode(mode: string, text: string): Promise<string> {
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
