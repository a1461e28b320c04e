import type { Connection } from './connection';

/**
 * How long after `$connect` wrote a connection's row a 410 for it is taken as "still opening" rather
 * than "gone": API Gateway answers 410 until `$connect` returns (the greeting retries for 5 s).
 */
export const HANDSHAKE_GRACE_MS = 10_000;

/** True while `$connect` may still be running for this row (API Gateway refuses posts to it until then). */
export function stillOpening(connection: Pick<Connection, 'connectedAt'>, nowMs: number): boolean {
  return connection.connectedAt > nowMs - HANDSHAKE_GRACE_MS;
}

/**
 * The connections whose missed messages a listener row should be sent again: the one it replaced
 * in a refresh (`refreshedFrom`, swapped at the new socket's `$connect`), and itself while its
 * handshake may still be running. What a fan-out needs to know about refreshes, in one place.
 *
 * @example
 * const missedBy = standsInFor(row, nowMs); // ['old-conn'] after a refresh; ['row-id'] while it opens
 * if (missedBy.some((id) => gone.has(id))) resendTo(row.connectionId);
 */
export function standsInFor(
  row: Pick<Connection, 'connectionId' | 'connectedAt' | 'refreshedFrom'>,
  nowMs: number,
): string[] {
  const ids = row.refreshedFrom !== undefined ? [row.refreshedFrom] : [];
  if (stillOpening(row, nowMs)) ids.push(row.connectionId);
  return ids;
}
