import { cloudFormationTables, createTableInput } from './cloudformation';
import { TABLES } from './definitions';

describe('createTableInput', () => {
  it('describes a table with a partition key only', () => {
    // Act
    const input = createTableInput(TABLES.sessions, 'dev');

    // Assess
    expect(input).toEqual({
      TableName: 'lingocast-dev-sessions',
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'sessionId', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'sessionId', KeyType: 'HASH' }],
    });
  });

  it('describes a table with a sort key', () => {
    // Act
    const input = createTableInput(TABLES.audioChunks, 'local');

    // Assess
    expect(input.KeySchema).toEqual([
      { AttributeName: 'sessionId', KeyType: 'HASH' },
      { AttributeName: 'sequenceNumber', KeyType: 'RANGE' },
    ]);
    expect(input.AttributeDefinitions).toEqual([
      { AttributeName: 'sessionId', AttributeType: 'S' },
      { AttributeName: 'sequenceNumber', AttributeType: 'N' },
    ]);
    expect(input).not.toHaveProperty('GlobalSecondaryIndexes');
  });

  it('defines each attribute once even when the table and its index share it', () => {
    // Act
    const input = createTableInput(TABLES.connections, 'dev');

    // Assess
    expect(input.AttributeDefinitions).toEqual([
      { AttributeName: 'connectionId', AttributeType: 'S' },
      { AttributeName: 'sessionId', AttributeType: 'S' },
      { AttributeName: 'targetLanguage', AttributeType: 'S' },
    ]);
    expect(input.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'sessionId-targetLanguage-index',
        KeySchema: [
          { AttributeName: 'sessionId', KeyType: 'HASH' },
          { AttributeName: 'targetLanguage', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
  });

  it('describes an index without a sort key', () => {
    // Prepare
    const table = {
      ...TABLES.sessions,
      globalSecondaryIndexes: [
        { name: 'speakerId-index', partitionKey: { name: 'speakerId', type: 'S' as const } },
      ],
    };

    // Act
    const input = createTableInput(table, 'dev');

    // Assess
    expect(input.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'speakerId-index',
        KeySchema: [{ AttributeName: 'speakerId', KeyType: 'HASH' }],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
  });
});

describe('cloudFormationTables', () => {
  it.each([
    ['session-management', ['ConnectionsTable', 'RateLimitsTable', 'SessionsTable']],
    ['audio-transcription', ['AudioChunksTable', 'AudioStreamsTable']],
    ['translation-pipeline', ['ReplayWindowTable', 'TranslationCacheTable']],
  ] as const)('gives %s exactly the tables it owns', (owner, logicalIds) => {
    // Act
    const resources = cloudFormationTables(owner, 'dev');

    // Assess
    expect(Object.keys(resources).sort()).toEqual(logicalIds);
  });

  it('keeps prod data when a stack is deleted or a table replaced, with TTL, backups and encryption on', () => {
    // Act
    const { SessionsTable } = cloudFormationTables('session-management', 'prod');

    // Assess
    expect(SessionsTable).toEqual({
      Type: 'AWS::DynamoDB::Table',
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        ...createTableInput(TABLES.sessions, 'prod'),
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
    });
  });

  it.each(['dev', 'staging', 'pr-42'])(
    'deletes the tables of %s with its stack, so a failed create or a remove blocks no later deploy',
    (stage) => {
      // Act
      const resources = Object.values(cloudFormationTables('session-management', stage));

      // Assess
      expect(resources.length).toBeGreaterThan(0);
      for (const table of resources)
        expect(table).toMatchObject({ DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
    },
  );

  it('assigns every table to exactly one app', () => {
    // Act
    const owned = (['session-management', 'audio-transcription', 'translation-pipeline'] as const).flatMap(
      (owner) => Object.keys(cloudFormationTables(owner, 'dev')),
    );

    // Assess
    expect(owned.sort()).toEqual(
      Object.values(TABLES)
        .map((table) => table.logicalId)
        .sort(),
    );
  });
});
