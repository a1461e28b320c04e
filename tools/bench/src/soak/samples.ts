import type { RunningStage } from '@lingocast/stage';
import type { GroupUsage } from '../machine';
import { groupUsage, loadAverage } from '../machine';

/** A stage part's usage at a moment. */
export interface Sample {
  at: number;
  load: string;
  parts: Map<string, GroupUsage>;
}

export function sampleStage(stage: RunningStage): Sample {
  return {
    at: performance.now(),
    load: loadAverage(),
    parts: new Map(stage.processes().map((child) => [child.name, groupUsage(child.pid)])),
  };
}

/** `dynamodb 190, session-management 750, …` (RSS, MiB) */
export function formatMemory(sample: Sample): string {
  return [...sample.parts].map(([name, { mib }]) => `${name} ${mib.toFixed(0)}`).join(', ');
}
