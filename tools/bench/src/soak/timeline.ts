import { quantile } from '../stats';
import type { Timed } from './clients';
import type { Sample } from './samples';
import type { UtteranceFigures } from './utterances';

const p50 = (values: readonly number[]) =>
  values.length === 0 ? '—' : `${Math.round(quantile(values, 0.5))}`;
const p50p95 = (values: readonly number[]) =>
  values.length === 0 ? '—' : `${p50(values)} / ${Math.round(quantile(values, 0.95))}`;

/**
 * A table row per minute of the steady phase (with one for the joins before it and one for the
 * drain after it): heartbeat and audio acks, refreshes completed, utterance latency, memory, load.
 */
export function printTimeline(
  steadyStart: number,
  steadyEnd: number,
  heartbeats: readonly Timed[],
  audioAcks: readonly Timed[],
  refreshesDone: readonly number[],
  utterances: readonly UtteranceFigures[],
  samples: readonly Sample[],
): void {
  const minutes = Math.ceil((steadyEnd - steadyStart) / 60_000);
  const bucketOf = (at: number) =>
    at < steadyStart ? 0 : at >= steadyEnd ? minutes + 1 : 1 + Math.floor((at - steadyStart) / 60_000);
  const label = (bucket: number) =>
    bucket === 0 ? 'joins' : bucket > minutes ? 'drain' : `${bucket - 1}–${bucket} min`;
  const parts = [...(samples[0]?.parts.keys() ?? [])];
  const ordered = [...samples].sort((a, b) => a.at - b.at);
  /** CPU of each part between consecutive samples that end in `bucket`, in % of one core. */
  const cpuIn = (bucket: number) =>
    parts.map((part) => {
      let cpuSeconds = 0;
      let wallSeconds = 0;
      ordered.forEach((sample, i) => {
        const previous = ordered[i - 1];
        if (!previous || bucketOf(sample.at) !== bucket) return;
        cpuSeconds += (sample.parts.get(part)?.cpuSeconds ?? 0) - (previous.parts.get(part)?.cpuSeconds ?? 0);
        wallSeconds += (sample.at - previous.at) / 1000;
      });
      return wallSeconds > 0 ? ((cpuSeconds / wallSeconds) * 100).toFixed(0) : '—';
    });
  console.log(
    `| steady phase | heartbeat ack p50 / p95 (n) | audio ack p50 / p95 | refreshes done | ` +
      `end of utterance → first audio, first / every listener p50 (utterances) | ` +
      `CPU % of one core, RSS MiB max (${parts.join(' / ')}) | load (1 min) |`,
  );
  console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
  for (let bucket = 0; bucket <= minutes + 1; bucket += 1) {
    const beats = heartbeats.filter((h) => bucketOf(h.at) === bucket).map((h) => h.ms);
    const acks = audioAcks.filter((a) => bucketOf(a.at) === bucket).map((a) => a.ms);
    const spoken = utterances.filter((u) => bucketOf(u.endedAt) === bucket);
    const inBucket = samples.filter((s) => bucketOf(s.at) === bucket);
    const rss =
      inBucket.length === 0
        ? '—'
        : parts
            .map((part) => Math.max(...inBucket.map((s) => s.parts.get(part)?.mib ?? 0)).toFixed(0))
            .join(' / ');
    const firsts = spoken.flatMap((u) => (u.arrivals.length > 0 ? [Math.min(...u.arrivals)] : []));
    console.log(
      `| ${label(bucket)} | ${p50p95(beats)} (${beats.length}) | ${p50p95(acks)} | ` +
        `${refreshesDone.filter((at) => bucketOf(at) === bucket).length} | ` +
        `${p50(firsts)} / ${p50(spoken.flatMap((u) => u.arrivals))} (${spoken.length}) | ` +
        `${cpuIn(bucket).join(' / ')}; ${rss} | ${inBucket.at(-1)?.load.split(' ')[0] ?? '—'} |`,
    );
  }
}
