/**
 * Apertium's plain-text format, done in process for the warm pipelines: `apertium-destxt` and `apertium-retxt`
 * swallow the NUL that ends each request in null-flush mode, so they cannot sit inside a long-lived pipeline.
 * Only what a one-line text needs: the text is normalised to single spaces first ({@link normaliseText}).
 */

/** Characters Apertium's stream format reserves; `apertium-destxt` escapes them with a backslash. */
const RESERVED = /[\\[\]^$/@<>{}]/g;
/** Runs of blanks that are not one plain space become superblanks (`[  ]`); `~` counts as a blank. */
const BLANK_RUN = /[ ~]+/g;

/**
 * What every translator input becomes before Apertium sees it: one line, single spaces, no NUL (the warm
 * pipelines' request separator), no blanks at either end. Speech has no layout to keep.
 *
 * @example
 * normaliseText(' Hello\n\tthere \u0000'); // 'Hello there'
 */
export function normaliseText(text: string): string {
  return text.replace(/[\s\u0000]+/g, ' ').trim();
}

/**
 * The Apertium stream that `apertium-destxt` produces for `${text}\n` (what `apertium -u <mode> file` feeds its
 * pipeline), for a text already passed through {@link normaliseText}. Like destxt, it ends the line with a
 * period the taggers take as a sentence end, even after a text without final punctuation (speech-to-text gives
 * none); {@link reformatText} removes it again.
 *
 * @example
 * deformatText('Save $5 now'); // 'Save \\$5 now.[][\n]'
 */
export function deformatText(text: string): string {
  const escaped = text
    .replace(RESERVED, (char) => `\\${char}`)
    .replace(BLANK_RUN, (run) => (run === ' ' ? run : `[${run}]`));
  // The added period, an empty superblank, then one holding the line's trailing blanks and the newline.
  const trailing = /\[([ ~]+)\]$/.exec(escaped);
  return trailing ? `${escaped.slice(0, trailing.index)}.[][${trailing[1] ?? ''}\n]` : `${escaped}.[][\n]`;
}

/**
 * Plain text from an Apertium stream, as `apertium-retxt` gives it: superblanks lose their brackets, escaped
 * characters their backslash, and the period {@link deformatText} added before an empty superblank goes.
 *
 * @example
 * reformatText('Ahorra \\$5 ya.[][\n]'); // 'Ahorra $5 ya\n'
 */
export function reformatText(stream: string): string {
  let text = '';
  for (let index = 0; index < stream.length; index += 1) {
    const char = stream[index];
    if (char === '\\' && index + 1 < stream.length) {
      index += 1;
      text += stream[index];
    } else if (char === '.' && stream.startsWith('[]', index + 1)) {
      continue; // destxt's sentence-end period
    } else if (char !== '[' && char !== ']') {
      text += char;
    }
  }
  return text;
}
