import { METRICS_NAMESPACE } from '@lingocast/logging';

// Reads an app's source for its `emitMetric(logger, namespace, name, value, unit, dimensions, rollUps)`
// calls, so template tests can prove every alarm watches a metric the code really emits, under the
// dimension sets it is published with.

/** A metric as CloudWatch publishes it: namespace, name and each dimension set. */
export interface PublishedMetric {
  namespace: string;
  name: string;
  /** Each set of dimension names the metric is published under. */
  dimensionSets: string[][];
}

/** A source file: its path (for messages) and text. */
export interface SourceFile {
  path: string;
  text: string;
}

/** Splits a call's argument text at top-level commas. */
function splitArguments(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = '';
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"' || char === '`') quote = char;
    else if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) depth -= 1;
    if (char === ',' && depth === 0 && !quote) {
      parts.push(current.trim());
      current = '';
    } else current += char;
  }
  if (current.trim() !== '') parts.push(current.trim());
  return parts;
}

/** The text between `emitMetric(` and its closing parenthesis. */
function callArguments(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i += 1) {
    const char = text[i];
    if (char === '(') depth += 1;
    if (char === ')') {
      depth -= 1;
      if (depth === 0) return text.slice(open + 1, i);
    }
  }
  return text.slice(open + 1);
}

/** `const NAME = 'value'` and `const NAME = { … }` definitions, by name; the shared namespace is known. */
function constants(files: readonly SourceFile[]): Map<string, string> {
  const found = new Map<string, string>([['METRICS_NAMESPACE', `'${METRICS_NAMESPACE}'`]]);
  for (const file of files) {
    for (const match of file.text.matchAll(/const (\w+)\s*=\s*('[^']*'|\{[^}]*\})/g))
      found.set(match[1] ?? '', match[2] ?? '');
  }
  return found;
}

function resolve(expression: string, known: Map<string, string>): string {
  return /^\w+$/.test(expression) ? (known.get(expression) ?? expression) : expression;
}

/** Keys of an object literal, spreading known constants: `{ ...SERVICE, Code: c }` → Service, Code. */
function objectKeys(expression: string, known: Map<string, string>): string[] {
  const text = resolve(expression, known).trim();
  if (!text.startsWith('{')) return [];
  return splitArguments(text.slice(1, -1)).flatMap((entry) => {
    if (entry.startsWith('...')) return objectKeys(entry.slice(3), known);
    const key = /^['"]?(\w+)['"]?\s*:/.exec(entry)?.[1] ?? /^(\w+)$/.exec(entry)?.[1];
    return key ? [key] : [];
  });
}

/** Roll-up sets: `[['Service']]` or `[Object.keys(SERVICE)]`. */
function rollUpSets(expression: string | undefined, known: Map<string, string>): string[][] {
  if (!expression) return [];
  const inner = expression.trim().replace(/^\[/, '').replace(/\]$/, '');
  return splitArguments(inner).map((set) => {
    const keysOf = /^Object\.keys\((\w+)\)$/.exec(set);
    if (keysOf) return objectKeys(keysOf[1] ?? '', known);
    return [...set.matchAll(/['"](\w+)['"]/g)].map((m) => m[1] ?? '');
  });
}

function unquote(expression: string): string | undefined {
  return /^['"](.*)['"]$/.exec(expression)?.[1];
}

/**
 * Every metric the given sources emit through `emitMetric`, with the dimension sets it is published
 * under (the dimensions object's keys, then each roll-up). A namespace or name that is not a string
 * literal or a `const` of one is reported as an error: the check must not pass by not reading.
 *
 * @example
 * emittedMetrics([{ path: 'a.ts', text: "emitMetric(log, 'LingoCast', 'Errors', 1, 'Count', { Service: 's' })" }])
 * // [{ namespace: 'LingoCast', name: 'Errors', dimensionSets: [['Service']] }]
 */
export function emittedMetrics(files: readonly SourceFile[]): PublishedMetric[] {
  const known = constants(files);
  const metrics: PublishedMetric[] = [];
  for (const file of files) {
    for (const match of file.text.matchAll(/\bemitMetric\(/g)) {
      const open = (match.index ?? 0) + 'emitMetric'.length;
      const args = splitArguments(callArguments(file.text, open));
      if (args.length < 5) continue; // the declaration, or a call through a wrapper
      const namespace = unquote(resolve(args[1] ?? '', known));
      const name = unquote(resolve(args[2] ?? '', known));
      if (namespace === undefined || name === undefined)
        throw new Error(`METRIC_NOT_LITERAL: ${file.path}: emitMetric(${args.slice(0, 3).join(', ')}, …)`);
      const dimensions = args[5] ? objectKeys(args[5], known) : [];
      metrics.push({ namespace, name, dimensionSets: [dimensions, ...rollUpSets(args[6], known)] });
    }
  }
  return metrics;
}
