// DynamoDB's refusals arrive as SDK errors (or plain objects from DynamoDB Local and fakes), so they are
// told apart by name and cancellation reasons, never by class alone.

type CancellationReason = { Code?: string } | undefined;

function errorName(error: unknown): string | undefined {
  return (error as { name?: string } | null | undefined)?.name;
}

function cancellationCodes(error: unknown): Array<string | undefined> {
  const reasons = (error as { CancellationReasons?: CancellationReason[] } | null | undefined)
    ?.CancellationReasons;
  return (reasons ?? []).map((reason) => reason?.Code);
}

/**
 * True when a conditional write was refused because its condition did not hold.
 *
 * @example
 * try { await db.send(put) } catch (error) { if (isConditionFailure(error)) return false; throw error; }
 */
export function isConditionFailure(error: unknown): boolean {
  return errorName(error) === 'ConditionalCheckFailedException';
}

/**
 * True when a transaction was cancelled (a condition failed, or it conflicted with another write).
 *
 * @example
 * if (isTransactionCancelled(error) && !isTransactionConflict(error)) return false;
 */
export function isTransactionCancelled(error: unknown): boolean {
  return errorName(error) === 'TransactionCanceledException';
}

/**
 * True when a transaction was cancelled for a TransactionConflict and no condition failed: running it
 * again may succeed.
 *
 * @example
 * if (isTransactionConflict(error) && attempt < 3) continue;
 */
export function isTransactionConflict(error: unknown): boolean {
  const codes = cancellationCodes(error);
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
}
