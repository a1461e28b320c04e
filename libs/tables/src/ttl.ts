/** Epoch seconds `seconds` from `nowMs`: the value a TTL attribute holds. */
export function ttlAfter(nowMs: number, seconds: number): number {
  return Math.floor(nowMs / 1000) + seconds;
}

/**
 * True when an item's TTL has passed. DynamoDB deletes expired items up to days late, so every
 * read checks this itself.
 *
 * @example
 * if (!item || isExpired(item, clock.now())) return undefined;
 */
export function isExpired(item: { ttl?: unknown }, nowMs: number): boolean {
  return typeof item.ttl === 'number' && item.ttl * 1000 <= nowMs;
}
