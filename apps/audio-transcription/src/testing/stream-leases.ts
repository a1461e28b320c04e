import type { StreamLease, StreamLeases } from '../ports';

interface LeaseRecord {
  owner?: string;
  expiresAt?: number;
  epoch: number;
  requestedAt?: number;
}

/**
 * StreamLeases in memory with DynamoStreamLeases' conditions (the same shared rules: acquire when free,
 * lapsed, released or already held; renew only while held and not lapsed; release only by its holder).
 * `epochOf` feeds InMemoryAudioStore's fenced claims.
 */
export class InMemoryStreamLeases implements StreamLeases {
  private readonly records = new Map<string, LeaseRecord>();
  /** Every acquisition that succeeded, in order (test assertions). */
  readonly acquired: StreamLease[] = [];
  readonly released: StreamLease[] = [];

  async acquire(
    sessionId: string,
    owner: string,
    nowMs: number,
    durationMs: number,
  ): Promise<StreamLease | undefined> {
    const record = this.recordOf(sessionId);
    const free = record.owner === undefined || (record.expiresAt ?? 0) <= nowMs || record.owner === owner;
    if (!free) return undefined;
    record.owner = owner;
    record.expiresAt = nowMs + durationMs;
    record.epoch += 1;
    const lease = { sessionId, owner, epoch: record.epoch, expiresAt: record.expiresAt };
    this.acquired.push(lease);
    return lease;
  }

  async renew(lease: StreamLease, nowMs: number, durationMs: number): Promise<StreamLease | undefined> {
    const record = this.recordOf(lease.sessionId);
    if (record.owner !== lease.owner || record.epoch !== lease.epoch || (record.expiresAt ?? 0) <= nowMs)
      return undefined;
    record.expiresAt = nowMs + durationMs;
    return { ...lease, expiresAt: record.expiresAt };
  }

  async release(lease: StreamLease): Promise<boolean> {
    const record = this.recordOf(lease.sessionId);
    if (record.owner !== lease.owner || record.epoch !== lease.epoch) return false;
    delete record.owner;
    delete record.expiresAt;
    this.released.push(lease);
    return true;
  }

  async requestOwner(sessionId: string, nowMs: number, intervalMs: number): Promise<boolean> {
    const record = this.recordOf(sessionId);
    const unheld = record.owner === undefined || (record.expiresAt ?? 0) <= nowMs;
    const notAsked = record.requestedAt === undefined || record.requestedAt <= nowMs - intervalMs;
    if (!unheld || !notAsked) return false;
    record.requestedAt = nowMs;
    return true;
  }

  /** True while someone holds the session's lease at `nowMs`. */
  heldAt(sessionId: string, nowMs: number): boolean {
    const record = this.records.get(sessionId);
    return record?.owner !== undefined && (record.expiresAt ?? 0) > nowMs;
  }

  /** The session's current epoch (0 before any acquisition). */
  epochOf(sessionId: string): number | undefined {
    return this.records.get(sessionId)?.epoch;
  }

  /** Test setup: someone else holds the lease until `expiresAt`. */
  holdFor(sessionId: string, owner: string, expiresAt: number): void {
    const record = this.recordOf(sessionId);
    record.owner = owner;
    record.expiresAt = expiresAt;
    record.epoch += 1;
  }

  private recordOf(sessionId: string): LeaseRecord {
    const record = this.records.get(sessionId) ?? { epoch: 0 };
    this.records.set(sessionId, record);
    return record;
  }
}
