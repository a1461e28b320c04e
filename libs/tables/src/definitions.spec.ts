import {
  CONNECTIONS_BY_SESSION_LANGUAGE_INDEX,
  REPLAY_HEAD_SORT_KEY,
  TABLES,
  tableName,
  tableNames,
} from './definitions';
import type { TableId } from './definitions';

describe('tableName', () => {
  it.each<[TableId, string, string]>([
    ['sessions', 'dev', 'lingocast-dev-sessions'],
    ['rateLimits', 'prod', 'lingocast-prod-rate-limits'],
    ['translationCache', 'local', 'lingocast-local-translation-cache'],
    ['audioChunks', 'staging', 'lingocast-staging-audio-chunks'],
    ['replayWindow', 'dev', 'lingocast-dev-replay-window'],
  ])('names %s on %s %s', (id, stage, expected) => {
    // Act
    const name = tableName(id, stage);

    // Assess
    expect(name).toBe(expected);
  });
});

describe('tableNames', () => {
  it('names every table of a stage, each differently', () => {
    // Act
    const names = tableNames('dev');

    // Assess
    expect(Object.keys(names).sort()).toEqual(Object.keys(TABLES).sort());
    expect(names.connections).toBe('lingocast-dev-connections');
    expect(new Set(Object.values(names)).size).toBe(Object.keys(TABLES).length);
  });
});

describe('TABLES', () => {
  it('keys every definition by its own id, with a unique logical id', () => {
    // Act
    const definitions = Object.entries(TABLES);

    // Assess
    for (const [id, table] of definitions) expect(table.id).toBe(id);
    expect(new Set(definitions.map(([, table]) => table.logicalId)).size).toBe(definitions.length);
  });

  it('gives every table a TTL attribute, because every read checks expiry', () => {
    // Act
    const ttlAttributes = Object.values(TABLES).map((table) => table.ttlAttribute);

    // Assess
    expect(ttlAttributes.every((attribute) => attribute === 'ttl')).toBe(true);
  });

  it('indexes listener connections by session and language', () => {
    // Act
    const indexes = TABLES.connections.globalSecondaryIndexes;

    // Assess
    expect(indexes).toEqual([
      {
        name: CONNECTIONS_BY_SESSION_LANGUAGE_INDEX,
        partitionKey: { name: 'sessionId', type: 'S' },
        sortKey: { name: 'targetLanguage', type: 'S' },
      },
    ]);
    expect(CONNECTIONS_BY_SESSION_LANGUAGE_INDEX).toBe('sessionId-targetLanguage-index');
  });

  it('orders audio chunks by their number within the session', () => {
    // Act
    const { partitionKey, sortKey } = TABLES.audioChunks;

    // Assess
    expect(partitionKey).toEqual({ name: 'sessionId', type: 'S' });
    expect(sortKey).toEqual({ name: 'sequenceNumber', type: 'N' });
  });
});

describe('the replay window table', () => {
  it('orders the utterances of a session and language by number, the newest-number item after them all', () => {
    // Act
    const { partitionKey, sortKey, owner } = TABLES.replayWindow;

    // Assess
    expect(partitionKey).toEqual({ name: 'replayKey', type: 'S' });
    expect(sortKey).toEqual({ name: 'sequenceNumber', type: 'N' });
    expect(owner).toBe('translation-pipeline');
    expect(Number.isSafeInteger(REPLAY_HEAD_SORT_KEY)).toBe(true);
    expect(REPLAY_HEAD_SORT_KEY).toBeGreaterThan(2 ** 52);
  });
});
