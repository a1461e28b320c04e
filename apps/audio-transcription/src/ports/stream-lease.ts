/** Who follows a session's audio now, until when, and the fencing number of that tenure. */
export interface StreamLease {
  sessionId: string;
  /** The would-be owner's id, e.g. the Lambda request id or the worker's pid and start time. */
  owner: string;
  /** Grows by one at every acquisition: a write conditioned on it fails once someone else took over. */
  epoch: number;
  /** Epoch ms after which anyone may take the lease over. */
  expiresAt: number;
}

/**
 * One owner per session for the recogniser that follows its audio: a lease with an expiry, taken and
 * renewed by conditional writes. An owner that dies stops renewing and loses the session once the lease
 * lapses; one that hands over releases it. Times come from the caller's clock.
 *
 * @example
 * const lease = await leases.acquire('golden-eagle-427', requestId, clock.now(), 10_000);
 * if (lease === undefined) return; // someone else follows this session
 * const renewed = await leases.renew(lease, clock.now(), 10_000); // undefined: stop at once
 */
export interface StreamLeases {
  /**
   * Takes the session's lease when nobody holds it, its holder let it lapse or released it, or `owner`
   * holds it already; `undefined` while another owner's lease runs.
   */
  acquire(
    sessionId: string,
    owner: string,
    nowMs: number,
    durationMs: number,
  ): Promise<StreamLease | undefined>;
  /** Extends a lease still held and not lapsed; `undefined` when it lapsed or was taken over. */
  renew(lease: StreamLease, nowMs: number, durationMs: number): Promise<StreamLease | undefined>;
  /** Gives the lease up (a handover), so the next owner need not wait for it to lapse; false when no longer held. */
  release(lease: StreamLease): Promise<boolean>;
  /**
   * True when nobody holds the lease (free, released or lapsed) and no owner was asked for within
   * `intervalMs`, and records this request: of the chunks that find the session unfollowed, one starts
   * an owner and the others do not (a lost start is asked again after the interval).
   */
  requestOwner(sessionId: string, nowMs: number, intervalMs: number): Promise<boolean>;
}
