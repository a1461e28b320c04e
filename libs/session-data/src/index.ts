export type { Connection } from './connection';
export { newSessionRecord, toPublicSession, DEFAULT_BROADCAST_STATE } from './session-record';
export type { SessionRecord, NewSessionInput } from './session-record';
export { HANDSHAKE_GRACE_MS, standsInFor } from './connection-handshake';
export type {
  SessionStore,
  SessionMaintenanceStore,
  CountSnapshot,
  LifecycleNotice,
  AddListenerFailure,
  SessionChanges,
} from './session-store';
export { DynamoSessionStore } from './dynamo-session-store';
export type { SessionTables, SessionStoreOptions } from './dynamo-session-store';
// The in-memory store for tests: '@lingocast/session-data/testing'.
export {
  DEFAULT_REPLAY_WINDOW_MS,
  REPLAY_WINDOW_BOUNDS_MS,
  MAX_REPLAY_ENTRY_BYTES,
  inReplayWindow,
  replayEntryBytes,
  fitReplayEntry,
} from './replay/replay-store';
export type { ReplayStore, ReplayEntry, ReplayRead, ReplayRecordOutcome } from './replay/replay-store';
export { DynamoReplayStore, REPLAY_HEAD_RETENTION_SECONDS } from './replay/dynamo-replay-store';
export type { ReplayStoreOptions } from './replay/dynamo-replay-store';
