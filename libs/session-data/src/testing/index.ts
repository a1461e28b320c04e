// For the services' unit tests: the same behaviour as DynamoSessionStore, in memory.
export { InMemorySessionStore, ConditionFailedError } from './in-memory-session-store';
// The same behaviour as DynamoReplayStore, in memory.
export { InMemoryReplayStore } from './in-memory-replay-store';
