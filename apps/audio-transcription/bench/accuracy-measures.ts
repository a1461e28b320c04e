// What bench:accuracy measures besides word error: the decoder process's CPU, quantiles, the load.
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';

/** Decoder settings as the pocketsphinx adapters take them (`-maxhmmpf`, `-fwdflat`, …). */
export type DecoderOptions = Readonly<Record<string, string | number | boolean>>;

/**
 * CPU seconds (user + system) of this process's live children: the warm decoder worker.
 *
 * @example
 * const before = childrenCpuSeconds(); await stt.transcribe(request); childrenCpuSeconds() - before // 0.48
 */
export function childrenCpuSeconds(): number {
  let seconds = 0;
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the last ')': state (0), ppid (1), … utime (11), stime (12), in 1/100 s ticks (USER_HZ).
      const fields = stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .map(Number);
      if (fields[1] === process.pid) seconds += ((fields[11] ?? 0) + (fields[12] ?? 0)) / 100;
    } catch {
      // the process ended while we looked
    }
  }
  return seconds;
}

/**
 * Nearest-rank quantile (q in 0…1); NaN for no values.
 *
 * @example
 * quantile([3, 1, 2], 0.5) // 2
 */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/**
 * The 1, 5 and 15 minute load averages, as printed beside every figure.
 *
 * @example
 * load() // '0.42 0.61 0.70'
 */
export function load(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/**
 * Seconds as whole milliseconds, for the printed lines.
 *
 * @example
 * ms(0.4804) // '480'
 */
export function ms(seconds: number): string {
  return `${Math.round(seconds * 1000)}`;
}
