import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '@lingocast/lambda';
import { ttlAfter } from '@lingocast/tables';
import type { StoredChunkSummary } from '../domain/utterance-cutter';
import type {
  AudioStore,
  ChunkToStore,
  ClaimFence,
  QualityWarningKind,
  StoredChunk,
  StreamCursor,
} from '../ports';

/** Chunks and cursors are working state: a day is plenty. */
const AUDIO_TTL_SECONDS = 24 * 3600;
const SUMMARY_FIELDS =
  'sequenceNumber, durationMs, hasSpeech, leadingSilenceMs, trailingSilenceMs, receivedAt';

/**
 * AudioStore on DynamoDB: one item per chunk (sessionId, sequenceNumber) and one cursor item per
 * session. All reads are strongly consistent: an invocation must see the chunks written before it.
 */
export class DynamoAudioStore implements AudioStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: { audioChunks: string; audioStreams: string },
  ) {}

  async putChunk(chunk: ChunkToStore): Promise<boolean> {
    const { pcm, ...summary } = chunk;
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tables.audioChunks,
          Item: { ...summary, audio: pcm, ttl: ttlAfter(chunk.receivedAt, AUDIO_TTL_SECONDS) },
          ConditionExpression: 'attribute_not_exists(sequenceNumber)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getCursor(sessionId: string): Promise<StreamCursor> {
    const { Item } = await this.db.send(
      new GetCommand({ TableName: this.tables.audioStreams, Key: { sessionId }, ConsistentRead: true }),
    );
    return {
      nextChunk: typeof Item?.['nextChunk'] === 'number' ? Item['nextChunk'] : 0,
      nextUtterance: typeof Item?.['nextUtterance'] === 'number' ? Item['nextUtterance'] : 0,
      ...(typeof Item?.['leaseOwner'] === 'string' && typeof Item['leaseExpiresAt'] === 'number'
        ? { followedUntil: Item['leaseExpiresAt'] }
        : {}),
    };
  }

  async listSummaries(sessionId: string, fromChunk: number): Promise<StoredChunkSummary[]> {
    const summaries: StoredChunkSummary[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tables.audioChunks,
          KeyConditionExpression: 'sessionId = :sessionId AND sequenceNumber >= :from',
          ExpressionAttributeValues: { ':sessionId': sessionId, ':from': fromChunk },
          ProjectionExpression: SUMMARY_FIELDS,
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) summaries.push(item as StoredChunkSummary);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return summaries;
  }

  async claim(
    sessionId: string,
    expected: StreamCursor,
    lastChunk: number,
    isUtterance: boolean,
    nowMs: number,
    fence?: ClaimFence,
  ): Promise<number | null | undefined> {
    const cursorMatches =
      expected.nextChunk === 0 && expected.nextUtterance === 0
        ? '(attribute_not_exists(nextChunk) OR (nextChunk = :expectedChunk AND nextUtterance = :expectedUtterance))'
        : 'nextChunk = :expectedChunk AND nextUtterance = :expectedUtterance';
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.audioStreams,
          Key: { sessionId },
          UpdateExpression: 'SET nextChunk = :next, nextUtterance = :utterance, #ttl = :ttl',
          // Fenced: an owner whose lease was taken over (a newer epoch) can no longer claim, and
          // ingestion claims nothing while an owner holds the lease.
          ConditionExpression: `${cursorMatches}${fenceCondition(fence)}`,
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: {
            ':next': lastChunk + 1,
            ':utterance': expected.nextUtterance + (isUtterance ? 1 : 0),
            ':expectedChunk': expected.nextChunk,
            ':expectedUtterance': expected.nextUtterance,
            ':ttl': ttlAfter(nowMs, AUDIO_TTL_SECONDS),
            ...(typeof fence === 'number' ? { ':epoch': fence } : {}),
            ...(fence === 'unleased' ? { ':now': nowMs } : {}),
          },
        }),
      );
      return isUtterance ? expected.nextUtterance : null;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async readChunks(sessionId: string, fromChunk: number, limit: number): Promise<StoredChunk[]> {
    const { Items } = await this.db.send(
      new QueryCommand({
        TableName: this.tables.audioChunks,
        KeyConditionExpression: 'sessionId = :sessionId AND sequenceNumber >= :from',
        ExpressionAttributeValues: { ':sessionId': sessionId, ':from': fromChunk },
        ProjectionExpression: `${SUMMARY_FIELDS}, audio, sampleRate, speakerConnectionId, requestId`,
        ConsistentRead: true,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => {
      const { audio, ...rest } = item as StoredChunk & { audio: Uint8Array };
      return { ...rest, pcm: Buffer.from(audio) };
    });
  }

  async readAudio(
    sessionId: string,
    firstChunk: number,
    lastChunk: number,
  ): Promise<{ pcm: Buffer; sampleRate: number }> {
    const parts: Buffer[] = [];
    let sampleRate = 16_000;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tables.audioChunks,
          KeyConditionExpression: 'sessionId = :sessionId AND sequenceNumber BETWEEN :first AND :last',
          ExpressionAttributeValues: { ':sessionId': sessionId, ':first': firstChunk, ':last': lastChunk },
          ProjectionExpression: 'audio, sampleRate',
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const audio = item['audio'];
        if (audio instanceof Uint8Array) parts.push(Buffer.from(audio));
        if (typeof item['sampleRate'] === 'number') sampleRate = item['sampleRate'];
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { pcm: Buffer.concat(parts), sampleRate };
  }

  async allowWarning(
    sessionId: string,
    kind: QualityWarningKind,
    nowMs: number,
    intervalMs: number,
  ): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.audioStreams,
          Key: { sessionId },
          UpdateExpression: 'SET #warned = :now',
          ConditionExpression: 'attribute_not_exists(#warned) OR #warned <= :before',
          ExpressionAttributeNames: { '#warned': `warned_${kind}` },
          ExpressionAttributeValues: { ':now': nowMs, ':before': nowMs - intervalMs },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }
}

function fenceCondition(fence: ClaimFence | undefined): string {
  if (fence === undefined) return '';
  if (fence === 'unleased') return ' AND (attribute_not_exists(leaseOwner) OR leaseExpiresAt <= :now)';
  return ' AND leaseEpoch = :epoch';
}
