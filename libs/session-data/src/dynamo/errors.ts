/** True for DynamoDB's ConditionalCheckFailedException (a single conditional write refused). */
export function isConditionFailure(error: unknown): boolean {
  return errorName(error) === 'ConditionalCheckFailedException';
}

/**
 * True for DynamoDB's TransactionCanceledException, by name only: the SDK's class and a plain error
 * carrying the name (other SDK copies, DynamoDB Local through another client) are told apart the same way.
 *
 * @example
 * if (isTransactionCancelled(error) && !isTransactionConflict(error)) return false; // a condition failed
 */
export function isTransactionCancelled(error: unknown): boolean {
  return errorName(error) === 'TransactionCanceledException';
}

/**
 * True when a transaction was cancelled for a TransactionConflict and no condition failed: running it
 * again may succeed. Concurrent joins or leaves of one session all write its row, so this is common.
 */
export function isTransactionConflict(error: unknown): boolean {
  const reasons =
    (error as { CancellationReasons?: Array<{ Code?: string } | undefined> })?.CancellationReasons ?? [];
  return (
    reasons.some((reason) => reason?.Code === 'TransactionConflict') &&
    !reasons.some((reason) => reason?.Code === 'ConditionalCheckFailed')
  );
}

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name;
}
