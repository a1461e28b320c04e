import { sleep } from '../tasks';
import { codeOf } from './clients';

/** A sweep with thousands of notices to send runs for minutes on the laptop; the bench waits at most this long for one. */
const SWEEP_TIMEOUT_MS = 300_000;
/** Like EventBridge, a sweep starts on time even if the last one runs on; beyond this many at once, it is skipped. */
export const MAX_OVERLAPPING_SWEEPS = 2;

export interface SweepRecord {
  number: number;
  /** When it was called (performance.now()). */
  startedAt: number;
  ms: number;
  report?: Record<string, number>;
  error?: string;
}

/**
 * Calls POST /local/sweep every `intervalMs` until `endAt()` (it moves once the steady phase has an
 * end), as EventBridge calls the scheduled sweeper: on time, whether or not the previous sweep has
 * finished (up to MAX_OVERLAPPING_SWEEPS at once). `stop` aborts the calls still waiting.
 */
export async function sweepOnSchedule(
  httpApi: string,
  intervalMs: number,
  endAt: () => number,
  stop: AbortSignal,
  onSweep: (record: SweepRecord) => void,
): Promise<{ records: SweepRecord[]; skipped: number }> {
  const records: SweepRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  let skipped = 0;
  const first = performance.now();
  for (let number = 1; number < 10_000 && !stop.aborted; number += 1) {
    const at = first + number * intervalMs;
    if (at > endAt()) break;
    await sleep(at - performance.now());
    if (inFlight.size >= MAX_OVERLAPPING_SWEEPS) {
      skipped += 1;
      continue;
    }
    const record: SweepRecord = { number, startedAt: performance.now(), ms: 0 };
    const sweep = (async () => {
      try {
        const response = await fetch(`${httpApi}/local/sweep`, {
          method: 'POST',
          signal: AbortSignal.any([stop, AbortSignal.timeout(SWEEP_TIMEOUT_MS)]),
        });
        const body = (await response.json()) as Record<string, number>;
        if (response.status === 200) record.report = body;
        else record.error = `HTTP ${response.status}: ${JSON.stringify(body).slice(0, 200)}`;
      } catch (error) {
        record.error = `no answer (${codeOf(error)})`;
      }
      record.ms = performance.now() - record.startedAt;
      records.push(record);
      onSweep(record);
    })();
    inFlight.add(sweep);
    void sweep.finally(() => inFlight.delete(sweep));
  }
  await Promise.allSettled([...inFlight]);
  return { records: records.sort((a, b) => a.number - b.number), skipped };
}

/** Waits (polling, at most `ms`) until `done()`; true if it got there. */
export async function waitUntil(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await sleep(250);
  }
  return true;
}
