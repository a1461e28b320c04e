import { ConditionalCheckFailedException, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoAudioStore } from './dynamo-audio-store';

const db = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const dbMock = mockClient(db);
const TABLES = { audioChunks: 'chunks-table', audioStreams: 'streams-table' };
const NOW = Date.UTC(2025, 0, 1, 9, 0, 0);

function conditionFailed(): ConditionalCheckFailedException {
  return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
}

function store(): DynamoAudioStore {
  return new DynamoAudioStore(db, TABLES);
}

const summary = {
  sequenceNumber: 0,
  receivedAt: NOW,
  durationMs: 250,
  hasSpeech: true,
  leadingSilenceMs: 0,
  trailingSilenceMs: 10,
};

beforeEach(() => dbMock.reset());

describe('DynamoAudioStore', () => {
  describe('putChunk', () => {
    it('writes the chunk once, with its audio and a one-day TTL', async () => {
      // Prepare
      dbMock.on(PutCommand).resolves({});
      const pcm = Buffer.from([1, 0, 2, 0]);

      // Act
      const stored = await store().putChunk({
        ...summary,
        sessionId: 'golden-eagle-427',
        sampleRate: 16_000,
        pcm,
      });

      // Assess
      expect(stored).toBe(true);
      const input = dbMock.commandCalls(PutCommand)[0]?.args[0].input;
      expect(input).toMatchObject({
        TableName: 'chunks-table',
        ConditionExpression: 'attribute_not_exists(sequenceNumber)',
        Item: {
          ...summary,
          sessionId: 'golden-eagle-427',
          sampleRate: 16_000,
          audio: pcm,
          ttl: Math.floor(NOW / 1000) + 86_400,
        },
      });
      expect(input?.Item).not.toHaveProperty('pcm');
    });

    it('answers false for a chunk stored before', async () => {
      // Prepare
      dbMock.on(PutCommand).rejects(conditionFailed());

      // Act
      const stored = await store().putChunk({
        ...summary,
        sessionId: 's',
        sampleRate: 16_000,
        pcm: Buffer.alloc(2),
      });

      // Assess
      expect(stored).toBe(false);
    });

    it('passes other failures on', async () => {
      // Prepare
      dbMock.on(PutCommand).rejects(new Error('throttled'));

      // Act
      const result = store().putChunk({
        ...summary,
        sessionId: 's',
        sampleRate: 16_000,
        pcm: Buffer.alloc(2),
      });

      // Assess
      await expect(result).rejects.toThrow('throttled');
    });
  });

  describe('getCursor', () => {
    it('starts a new stream at chunk 0, utterance 0', async () => {
      // Prepare
      dbMock.on(GetCommand).resolves({});

      // Act
      const cursor = await store().getCursor('golden-eagle-427');

      // Assess
      expect(cursor).toEqual({ nextChunk: 0, nextUtterance: 0 });
      expect(dbMock.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
        TableName: 'streams-table',
        Key: { sessionId: 'golden-eagle-427' },
        ConsistentRead: true,
      });
    });

    it('reads the stored cursor', async () => {
      // Prepare
      dbMock.on(GetCommand).resolves({ Item: { sessionId: 's', nextChunk: 12, nextUtterance: 3 } });

      // Act
      const cursor = await store().getCursor('s');

      // Assess
      expect(cursor).toEqual({ nextChunk: 12, nextUtterance: 3 });
    });
  });

  describe('listSummaries', () => {
    it('reads every page of summaries from the cursor on, strongly consistent', async () => {
      // Prepare
      dbMock
        .on(QueryCommand)
        .resolvesOnce({
          Items: [summary, { ...summary, sequenceNumber: 1 }],
          LastEvaluatedKey: { sessionId: 's', sequenceNumber: 1 },
        })
        .resolvesOnce({ Items: [{ ...summary, sequenceNumber: 2 }] });

      // Act
      const summaries = await store().listSummaries('s', 0);

      // Assess
      expect(summaries.map((item) => item.sequenceNumber)).toEqual([0, 1, 2]);
      const [first, second] = dbMock.commandCalls(QueryCommand).map((call) => call.args[0].input);
      expect(first).toMatchObject({
        ConsistentRead: true,
        ExpressionAttributeValues: { ':sessionId': 's', ':from': 0 },
      });
      expect(first?.ProjectionExpression).not.toContain('audio');
      expect(second?.ExclusiveStartKey).toEqual({ sessionId: 's', sequenceNumber: 1 });
    });

    it('answers an empty list for a stream without chunks', async () => {
      // Prepare
      dbMock.on(QueryCommand).resolves({});

      // Act
      const summaries = await store().listSummaries('s', 5);

      // Assess
      expect(summaries).toEqual([]);
    });
  });

  describe('claim', () => {
    it('numbers the first utterance of a new stream', async () => {
      // Prepare
      dbMock.on(UpdateCommand).resolves({});

      // Act
      const utterance = await store().claim('s', { nextChunk: 0, nextUtterance: 0 }, 5, true, NOW);

      // Assess
      expect(utterance).toBe(0);
      const input = dbMock.commandCalls(UpdateCommand)[0]?.args[0].input;
      expect(input?.ConditionExpression).toContain('attribute_not_exists(nextChunk)');
      expect(input?.ExpressionAttributeValues).toMatchObject({
        ':next': 6,
        ':utterance': 1,
        ':expectedChunk': 0,
        ':expectedUtterance': 0,
      });
    });

    it('moves an existing cursor only from the value the caller read', async () => {
      // Prepare
      dbMock.on(UpdateCommand).resolves({});

      // Act
      const utterance = await store().claim('s', { nextChunk: 6, nextUtterance: 1 }, 9, true, NOW);

      // Assess
      expect(utterance).toBe(1);
      const input = dbMock.commandCalls(UpdateCommand)[0]?.args[0].input;
      expect(input?.ConditionExpression).toBe(
        'nextChunk = :expectedChunk AND nextUtterance = :expectedUtterance',
      );
      expect(input?.ExpressionAttributeValues).toMatchObject({
        ':next': 10,
        ':utterance': 2,
        ':expectedChunk': 6,
        ':expectedUtterance': 1,
      });
    });

    it('answers null for a skip and does not number an utterance', async () => {
      // Prepare
      dbMock.on(UpdateCommand).resolves({});

      // Act
      const utterance = await store().claim('s', { nextChunk: 6, nextUtterance: 1 }, 7, false, NOW);

      // Assess
      expect(utterance).toBeNull();
      expect(dbMock.commandCalls(UpdateCommand)[0]?.args[0].input.ExpressionAttributeValues).toMatchObject({
        ':utterance': 1,
      });
    });

    it('answers undefined when another invocation claimed first', async () => {
      // Prepare
      dbMock.on(UpdateCommand).rejects(conditionFailed());

      // Act
      const utterance = await store().claim('s', { nextChunk: 6, nextUtterance: 1 }, 9, true, NOW);

      // Assess
      expect(utterance).toBeUndefined();
    });

    it('passes other failures on', async () => {
      // Prepare
      dbMock.on(UpdateCommand).rejects(new Error('network'));

      // Act
      const result = store().claim('s', { nextChunk: 0, nextUtterance: 0 }, 1, true, NOW);

      // Assess
      await expect(result).rejects.toThrow('network');
    });
  });

  describe('readAudio', () => {
    it('concatenates the chunks’ audio in order across pages', async () => {
      // Prepare
      dbMock
        .on(QueryCommand)
        .resolvesOnce({
          Items: [{ audio: Uint8Array.from([1, 2]), sampleRate: 48_000 }],
          LastEvaluatedKey: { sequenceNumber: 3 },
        })
        .resolvesOnce({
          Items: [{ audio: Uint8Array.from([3, 4]), sampleRate: 48_000 }, { sampleRate: 48_000 }],
        });

      // Act
      const audio = await store().readAudio('s', 3, 5);

      // Assess
      expect([...audio.pcm]).toEqual([1, 2, 3, 4]);
      expect(audio.sampleRate).toBe(48_000);
      expect(dbMock.commandCalls(QueryCommand)[0]?.args[0].input.ExpressionAttributeValues).toEqual({
        ':sessionId': 's',
        ':first': 3,
        ':last': 5,
      });
    });

    it('answers empty 16 kHz audio when the chunks are gone', async () => {
      // Prepare
      dbMock.on(QueryCommand).resolves({ Items: [] });

      // Act
      const audio = await store().readAudio('s', 0, 3);

      // Assess
      expect(audio).toEqual({ pcm: Buffer.alloc(0), sampleRate: 16_000 });
    });
  });

  describe('allowWarning', () => {
    it('records the warning and allows it when none of that kind was sent within the interval', async () => {
      // Prepare
      dbMock.on(UpdateCommand).resolves({});

      // Act
      const allowed = await store().allowWarning('s', 'clipping', NOW, 60_000);

      // Assess
      expect(allowed).toBe(true);
      expect(dbMock.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
        ExpressionAttributeNames: { '#warned': 'warned_clipping' },
        ExpressionAttributeValues: { ':now': NOW, ':before': NOW - 60_000 },
      });
    });

    it('refuses a second warning of the same kind within the interval', async () => {
      // Prepare
      dbMock.on(UpdateCommand).rejects(conditionFailed());

      // Act
      const allowed = await store().allowWarning('s', 'silence', NOW, 60_000);

      // Assess
      expect(allowed).toBe(false);
    });

    it('passes other failures on', async () => {
      // Prepare
      dbMock.on(UpdateCommand).rejects(new Error('denied'));

      // Act
      const result = store().allowWarning('s', 'low_snr', NOW, 60_000);

      // Assess
      await expect(result).rejects.toThrow('denied');
    });
  });
});
