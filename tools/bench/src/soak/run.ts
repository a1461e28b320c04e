import type { WebSocketFactory } from '@lingocast/client';
import type { RunningStage } from '@lingocast/stage';
import type { Clip, Session } from './audio';
import type { Churn, HeartbeatStats, Tally } from './clients';
import type { SoakOptions } from './options';
import type { Sample } from './samples';

/** What every phase of a soak run shares: the options, the stage, the clients and what they count. */
export interface SoakRun {
  options: SoakOptions;
  stage: RunningStage;
  /** The warm-up sentence first, then the sentences spoken in turn. */
  clips: Clip[];
  tally: Tally;
  churn: Churn;
  heartbeats: HeartbeatStats;
  TimedWebSocket: WebSocketFactory;
  sessions: Session[];
  samples: Sample[];
  /** False once a stage part has crashed: every loop stops. */
  running: () => boolean;
  /** `+12 s`: time since the bench started. */
  since: (at?: number) => string;
  /** When the bench started (performance.now() and epoch ms). */
  benchStart: number;
  benchStartEpoch: number;
  /** Known once the steady phase starts. */
  steadyEnd: number;
  stopSweeps: AbortController;
}
