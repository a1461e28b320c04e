// What the benchmarks say about the machine they ran on: its CPUs, how busy it was, and how much
// memory a stage process holds (figures move with whatever else the machine runs).
import { readFileSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** The 1/5/15-minute load averages, e.g. `1.02 0.87 0.65`. */
export function loadAverage(): string {
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
}

/** `2 CPUs (nproc), <model>; node v20…`, for the head of a report. */
export function machineLine(): string {
  const cpu = cpus();
  return `${cpu.length} CPUs (nproc), ${cpu[0]?.model ?? 'unknown'}; node ${process.version}`;
}

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux build in use). */
const TICKS_PER_SECOND = 100;

/** What a process group holds and has used. */
export interface GroupUsage {
  /** Resident memory (VmRSS) of all its processes, MiB. */
  mib: number;
  /** CPU time (user + system) of its processes and of the children they reaped, seconds. */
  cpuSeconds: number;
  processes: number;
}

/**
 * Memory and CPU time of every process in process group `pgid`. Each stage part leads its own
 * group, so this is the part with everything it spawned (recognisers, translators, synthesizers).
 * Linux only: without /proc, zeros.
 */
export function groupUsage(pgid: number): GroupUsage {
  const usage: GroupUsage = { mib: 0, cpuSeconds: 0, processes: 0 };
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return usage;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name may hold spaces and parentheses; the fields after the last ')' are fixed:
      // state, ppid, pgrp, … utime (11), stime, cutime, cstime (14).
      const fields = stat
        .slice(stat.lastIndexOf(')') + 2)
        .split(' ')
        .map(Number);
      if (fields[2] !== pgid) continue;
      const ticks = [11, 12, 13, 14].reduce((sum, field) => sum + (fields[field] ?? 0), 0);
      const rss = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'));
      usage.mib += Number(rss?.[1] ?? 0) / 1024;
      usage.cpuSeconds += ticks / TICKS_PER_SECOND;
      usage.processes += 1;
    } catch {
      // the process ended while we looked
    }
  }
  return usage;
}
