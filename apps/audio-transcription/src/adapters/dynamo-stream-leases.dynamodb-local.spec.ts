import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { freeLoopbackPort, localDynamoDbClient, startDynamoDbLocal } from '@lingocast/local-services';
import type { DynamoDbLocal } from '@lingocast/local-services';
import { TABLES, createTableInput } from '@lingocast/tables';
import { DynamoAudioStore } from './dynamo-audio-store';
import { DynamoStreamLeases, StreamLeaseRequestError } from './dynamo-stream-leases';

// Against a real DynamoDB Local (a Java process): the condition expressions as DynamoDB evaluates them,
// with would-be owners racing for one session's lease.
jest.setTimeout(60_000);

const T0 = Date.UTC(2026, 11, 1, 23, 0, 0);
const LEASE_MS = 10_000;

let dynamodb: DynamoDbLocal;
let client: DynamoDBClient;
let db: DynamoDBDocumentClient;
let logDir: string;
const tables = { audioChunks: '', audioStreams: '' };
let sessionCount = 0;

/** A fresh session id per test, so the tests share one table without seeing each other. */
function newSession(): string {
  sessionCount += 1;
  return `lease-session-${sessionCount}`;
}

beforeAll(async () => {
  logDir = mkdtempSync(join(tmpdir(), 'audio-lease-dynamodb-'));
  dynamodb = await startDynamoDbLocal({
    port: await freeLoopbackPort(),
    logFile: join(logDir, 'dynamodb.log'),
  });
  client = localDynamoDbClient(dynamodb.endpoint);
  db = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  for (const id of ['audioChunks', 'audioStreams'] as const) {
    const input = createTableInput(TABLES[id], 'lease-it');
    await client.send(
      new CreateTableCommand({
        TableName: input.TableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: input.AttributeDefinitions.map((attribute) => ({
          AttributeName: attribute.AttributeName,
          AttributeType: attribute.AttributeType === 'N' ? 'N' : 'S',
        })),
        KeySchema: input.KeySchema.map((key) => ({
          AttributeName: key.AttributeName,
          KeyType: key.KeyType === 'RANGE' ? 'RANGE' : 'HASH',
        })),
      }),
    );
    tables[id] = input.TableName;
  }
});

afterAll(async () => {
  client?.destroy();
  await dynamodb?.stop();
  rmSync(logDir, { recursive: true, force: true });
});

describe('DynamoStreamLeases on DynamoDB Local', () => {
  it('gives a free session to its first owner and refuses a second while the lease runs', async () => {
    // Prepare
    const leases = new DynamoStreamLeases(db, tables);
    const sessionId = newSession();

    // Act
    const first = await leases.acquire(sessionId, 'owner-a', T0, LEASE_MS);
    const second = await leases.acquire(sessionId, 'owner-b', T0 + LEASE_MS - 1, LEASE_MS);
    const again = await leases.acquire(sessionId, 'owner-a', T0 + 1_000, LEASE_MS);

    // Assess
    expect(first).toEqual({ sessionId, owner: 'owner-a', epoch: 1, expiresAt: T0 + LEASE_MS });
    expect(second).toBeUndefined();
    expect(again).toEqual({ sessionId, owner: 'owner-a', epoch: 2, expiresAt: T0 + 1_000 + LEASE_MS });
  });

  it('renews a running lease again and again, which keeps a would-be owner out', async () => {
    // Prepare
    const leases = new DynamoStreamLeases(db, tables);
    const sessionId = newSession();
    let lease = await leases.acquire(sessionId, 'owner-a', T0, LEASE_MS);

    // Act: renewed every 5 s for 30 s
    for (let at = T0 + 5_000; at <= T0 + 30_000 && lease !== undefined; at += 5_000) {
      lease = await leases.renew(lease, at, LEASE_MS);
    }
    const intruder = await leases.acquire(sessionId, 'owner-b', T0 + 30_000 + LEASE_MS - 1, LEASE_MS);

    // Assess
    expect(lease).toEqual({ sessionId, owner: 'owner-a', epoch: 1, expiresAt: T0 + 30_000 + LEASE_MS });
    expect(intruder).toBeUndefined();
  });

  it('lets a new owner take over a lapsed lease, and the lapsed owner loses it for good', async () => {
    // Prepare: owner A took the session, then stopped renewing (killed, frozen, cut off)
    const leases = new DynamoStreamLeases(db, tables);
    const sessionId = newSession();
    const lapsed = await leases.acquire(sessionId, 'owner-a', T0, LEASE_MS);
    if (lapsed === undefined) throw new Error('owner A should have taken the free session');

    // Act
    const takeover = await leases.acquire(sessionId, 'owner-b', T0 + LEASE_MS, LEASE_MS);
    const lateRenewal = await leases.renew(lapsed, T0 + LEASE_MS + 1, LEASE_MS);
    const lateRelease = await leases.release(lapsed);
    const lateRetake = await leases.acquire(sessionId, 'owner-a', T0 + LEASE_MS + 2, LEASE_MS);

    // Assess
    expect(takeover).toEqual({ sessionId, owner: 'owner-b', epoch: 2, expiresAt: T0 + 2 * LEASE_MS });
    expect(lateRenewal).toBeUndefined();
    expect(lateRelease).toBe(false);
    expect(lateRetake).toBeUndefined();
    if (takeover === undefined) return;
    expect(await leases.renew(takeover, T0 + LEASE_MS + 3, LEASE_MS)).toMatchObject({ owner: 'owner-b' });
  });

  it('refuses to renew a lapsed lease even when nobody has taken it yet', async () => {
    // Prepare
    const leases = new DynamoStreamLeases(db, tables);
    const sessionId = newSession();
    const lease = await leases.acquire(sessionId, 'owner-a', T0, LEASE_MS);
    if (lease === undefined) throw new Error('owner A should have taken the free session');

    // Act
    const renewed = await leases.renew(lease, T0 + LEASE_MS, LEASE_MS);

    // Assess
    expect(renewed).toBeUndefined();
  });

  it('gives a lapsed session to exactly one of many would-be owners racing for it', async () => {
    // Prepare
    const leases = new DynamoStreamLeases(db, tables);
    const sessionId = newSession();
    await leases.acquire(sessionId, 'dead-owner', T0, LEASE_MS);
    const racers = Array.from({ length: 20 }, (_unused, index) => `racer-${index}`);

    // Act
    const outcomes = await Promise.all(
      racers.map((owner) => leases.acquire(sessionId, owner, T0 + LEASE_MS + 500, LEASE_MS)),
    );

    // Assess
    const winners = outcomes.filter((lease) => lease !== undefined);
    expect(winners).toHaveLength(1);
    expect(winners[0]?.epoch).toBe(2);
  });

  it('hands over at once when the owner releases, before the lease would lapse', async () => {
    // Prepare
    const leases = new DynamoStreamLeases(db, tables);
    const sessionId = newSession();
    const lease = await leases.acquire(sessionId, 'owner-a', T0, LEASE_MS);
    if (lease === undefined) throw new Error('owner A should have taken the free session');

    // Act
    const released = await leases.release(lease);
    const successor = await leases.acquire(sessionId, 'owner-b', T0 + 1, LEASE_MS);

    // Assess
    expect(released).toBe(true);
    expect(successor).toMatchObject({ owner: 'owner-b', epoch: 2 });
    expect(await leases.renew(lease, T0 + 2, LEASE_MS)).toBeUndefined();
  });

  it('leaves the claim cursor on the same item as it was, and the cursor leaves the lease', async () => {
    // Prepare
    const store = new DynamoAudioStore(db, tables);
    const leases = new DynamoStreamLeases(db, tables);
    const sessionId = newSession();
    await store.claim(sessionId, { nextChunk: 0, nextUtterance: 0 }, 7, true, T0);

    // Act
    const lease = await leases.acquire(sessionId, 'owner-a', T0, LEASE_MS);
    const claimed = await store.claim(sessionId, { nextChunk: 8, nextUtterance: 1 }, 12, true, T0);

    // Assess
    expect(claimed).toBe(1);
    expect(await store.getCursor(sessionId)).toEqual({
      nextChunk: 13,
      nextUtterance: 2,
      followedUntil: T0 + LEASE_MS,
    });
    const { Item } = await db.send(
      new GetCommand({ TableName: tables.audioStreams, Key: { sessionId }, ConsistentRead: true }),
    );
    expect(Item).toMatchObject({ leaseOwner: 'owner-a', leaseEpoch: 1, leaseExpiresAt: T0 + LEASE_MS });
    expect(lease?.epoch).toBe(1);
  });

  it('rejects an empty owner or a duration that is not a positive whole number, writing nothing', async () => {
    // Prepare
    const leases = new DynamoStreamLeases(db, tables);
    const sessionId = newSession();

    // Act
    const attempts = [
      leases.acquire(sessionId, ' ', T0, LEASE_MS),
      leases.acquire(sessionId, 'owner-a', T0, 0),
      leases.acquire(sessionId, 'owner-a', T0, 1.5),
    ];

    // Assess
    for (const attempt of attempts) {
      await expect(attempt).rejects.toBeInstanceOf(StreamLeaseRequestError);
    }
    await expect(attempts[1]).rejects.toMatchObject({ code: 'INVALID_LEASE_REQUEST' });
    const { Item } = await db.send(
      new GetCommand({ TableName: tables.audioStreams, Key: { sessionId }, ConsistentRead: true }),
    );
    expect(Item).toBeUndefined();
  });

  it('fences claims by the epoch: a deposed owner numbers nothing, the new owner goes on', async () => {
    // Prepare
    const store = new DynamoAudioStore(db, tables);
    const leases = new DynamoStreamLeases(db, tables);
    const sessionId = newSession();
    const old = await leases.acquire(sessionId, 'owner-a', T0, LEASE_MS);
    const taken = await leases.acquire(sessionId, 'owner-b', T0 + LEASE_MS, LEASE_MS);
    const start = { nextChunk: 0, nextUtterance: 0 };

    // Act
    const byOld = await store.claim(sessionId, start, 7, true, T0 + LEASE_MS, old?.epoch);
    const byNew = await store.claim(sessionId, start, 7, true, T0 + LEASE_MS, taken?.epoch);

    // Assess
    expect(byOld).toBeUndefined();
    expect(byNew).toBe(0);
    expect(await store.getCursor(sessionId)).toMatchObject({ nextChunk: 8, nextUtterance: 1 });
  });

  it('asks for an owner once per interval, and not while one holds an unlapsed lease', async () => {
    // Prepare
    const leases = new DynamoStreamLeases(db, tables);
    const sessionId = newSession();

    // Act
    const first = await leases.requestOwner(sessionId, T0, 3_000);
    const again = await leases.requestOwner(sessionId, T0 + 1_000, 3_000);
    const later = await leases.requestOwner(sessionId, T0 + 3_000, 3_000);
    await leases.acquire(sessionId, 'owner-a', T0 + 3_000, LEASE_MS);
    const whileHeld = await leases.requestOwner(sessionId, T0 + 7_000, 3_000);
    const afterLapse = await leases.requestOwner(sessionId, T0 + 3_000 + LEASE_MS, 3_000);

    // Assess
    expect([first, again, later, whileHeld, afterLapse]).toEqual([true, false, true, false, true]);
  });

  it('reads chunks with their audio and speaker from a number on, in order, up to a limit', async () => {
    // Prepare
    const store = new DynamoAudioStore(db, tables);
    const sessionId = newSession();
    const chunk = (sequenceNumber: number) => ({
      sessionId,
      sequenceNumber,
      receivedAt: T0 + sequenceNumber,
      sampleRate: 16_000,
      pcm: Buffer.from([sequenceNumber, 0, 1, 0]),
      speakerConnectionId: `conn-${sequenceNumber}`,
      requestId: `audio-${sequenceNumber}`,
      durationMs: 250,
      hasSpeech: true,
      leadingSilenceMs: 0,
      trailingSilenceMs: 0,
    });
    for (const sequenceNumber of [3, 0, 1, 5, 2]) await store.putChunk(chunk(sequenceNumber));

    // Act
    const read = await store.readChunks(sessionId, 1, 3);

    // Assess
    expect(read.map((c) => c.sequenceNumber)).toEqual([1, 2, 3]);
    const { sessionId: _session, ...expected } = chunk(2);
    expect(read[1]).toEqual(expected);
  });

  it('lets ingestion claim past silence only while nobody holds the lease', async () => {
    // Prepare
    const store = new DynamoAudioStore(db, tables);
    const leases = new DynamoStreamLeases(db, tables);
    const sessionId = newSession();
    const start = { nextChunk: 0, nextUtterance: 0 };
    const unfollowed = await store.claim(sessionId, start, 3, false, T0, 'unleased');
    await leases.acquire(sessionId, 'owner-a', T0, LEASE_MS);

    // Act
    const whileHeld = await store.claim(
      sessionId,
      { nextChunk: 4, nextUtterance: 0 },
      7,
      false,
      T0 + 1,
      'unleased',
    );
    const afterLapse = await store.claim(
      sessionId,
      { nextChunk: 4, nextUtterance: 0 },
      7,
      false,
      T0 + LEASE_MS,
      'unleased',
    );

    // Assess
    expect([unfollowed, whileHeld, afterLapse]).toEqual([null, undefined, null]);
    expect(await store.getCursor(sessionId)).toMatchObject({ nextChunk: 8, nextUtterance: 0 });
  });
});
