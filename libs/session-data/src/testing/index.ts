// For the services' unit tests: the same behaviour as DynamoSessionStore, in memory.
export { InMemorySessionStore, ConditionFailedError } from './in-memory-session-store';
