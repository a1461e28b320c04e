// The stage parts write one JSON object a line (pino); benchmarks read their own stage's logs for
// what only the services know (per-stage timings, how utterances were cut, sweep reports).
import { readFileSync } from 'node:fs';

/**
 * The lines of a stage part's log whose message is `message` (and that contain `contains`, if
 * given), parsed. Lines that are not JSON (serverless-offline's own output) are skipped.
 */
export function logEntries<T>(logFile: string, message: string, contains?: string): T[] {
  const entries: T[] = [];
  for (const line of readFileSync(logFile, 'utf8').split('\n')) {
    if (!line.includes(`"message":"${message}"`) || (contains !== undefined && !line.includes(contains)))
      continue;
    try {
      entries.push(JSON.parse(line) as T);
    } catch {
      // a line cut short by the process ending
    }
  }
  return entries;
}
