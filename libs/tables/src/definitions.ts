/**
 * The DynamoDB tables, defined once. The stacks turn these into CloudFormation resources and the
 * local stage creates the same tables in DynamoDB Local from them.
 */
export type TableId =
  | 'sessions'
  | 'connections'
  | 'rateLimits'
  | 'translationCache'
  | 'audioChunks'
  | 'audioStreams'
  | 'replayWindow';

/** Which app deploys (owns) each table; others reach it by name with least-privilege IAM. */
export type OwningApp = 'session-management' | 'audio-transcription' | 'translation-pipeline';

interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface TableDefinition {
  id: TableId;
  /** CloudFormation logical id. */
  logicalId: string;
  owner: OwningApp;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute;
  /** Number attribute holding expiry in epoch seconds; reads ignore expired items because TTL lags. */
  ttlAttribute: string;
  globalSecondaryIndexes?: Array<{ name: string; partitionKey: KeyAttribute; sortKey?: KeyAttribute }>;
}

export const CONNECTIONS_BY_SESSION_LANGUAGE_INDEX = 'sessionId-targetLanguage-index';

export const TABLES: Record<TableId, TableDefinition> = {
  sessions: {
    id: 'sessions',
    logicalId: 'SessionsTable',
    owner: 'session-management',
    partitionKey: { name: 'sessionId', type: 'S' },
    ttlAttribute: 'ttl',
  },
  connections: {
    id: 'connections',
    logicalId: 'ConnectionsTable',
    owner: 'session-management',
    partitionKey: { name: 'connectionId', type: 'S' },
    ttlAttribute: 'ttl',
    // Only listener rows carry targetLanguage, so the index holds listeners and nothing else.
    globalSecondaryIndexes: [
      {
        name: CONNECTIONS_BY_SESSION_LANGUAGE_INDEX,
        partitionKey: { name: 'sessionId', type: 'S' },
        sortKey: { name: 'targetLanguage', type: 'S' },
      },
    ],
  },
  rateLimits: {
    id: 'rateLimits',
    logicalId: 'RateLimitsTable',
    owner: 'session-management',
    partitionKey: { name: 'identifier', type: 'S' },
    ttlAttribute: 'ttl',
  },
  translationCache: {
    id: 'translationCache',
    logicalId: 'TranslationCacheTable',
    owner: 'translation-pipeline',
    partitionKey: { name: 'cacheKey', type: 'S' },
    ttlAttribute: 'ttl',
  },
  audioChunks: {
    id: 'audioChunks',
    logicalId: 'AudioChunksTable',
    owner: 'audio-transcription',
    partitionKey: { name: 'sessionId', type: 'S' },
    sortKey: { name: 'sequenceNumber', type: 'N' },
    ttlAttribute: 'ttl',
  },
  audioStreams: {
    id: 'audioStreams',
    logicalId: 'AudioStreamsTable',
    owner: 'audio-transcription',
    partitionKey: { name: 'sessionId', type: 'S' },
    ttlAttribute: 'ttl',
  },
  // The replay window (docs/decisions.md, issue 14): `sessionId#language` holds one item per utterance (sort key its
  // number) and its newest-number item (sort key REPLAY_HEAD_SORT_KEY); `sessionId` the languages heard.
  replayWindow: {
    id: 'replayWindow',
    logicalId: 'ReplayWindowTable',
    owner: 'translation-pipeline',
    partitionKey: { name: 'replayKey', type: 'S' },
    sortKey: { name: 'sequenceNumber', type: 'N' },
    ttlAttribute: 'ttl',
  },
};

/** The replay window's sort key of a session+language's newest-number item: after every utterance. */
export const REPLAY_HEAD_SORT_KEY = Number.MAX_SAFE_INTEGER;

/**
 * The physical table name for a stage.
 *
 * @example
 * tableName('sessions', 'dev') // 'lingocast-dev-sessions'
 */
export function tableName(id: TableId, stage: string): string {
  const kebab = id.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return `lingocast-${stage}-${kebab}`;
}

/** All table names of a stage, by id. */
export function tableNames(stage: string): Record<TableId, string> {
  return Object.fromEntries(Object.keys(TABLES).map((id) => [id, tableName(id as TableId, stage)])) as Record<
    TableId,
    string
  >;
}
