import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { isConditionFailure, isTransactionCancelled, isTransactionConflict } from './dynamo-conditions';

const canceled = (...codes: Array<string | undefined>) => ({
  name: 'TransactionCanceledException',
  CancellationReasons: codes.map((code) => (code === undefined ? undefined : { Code: code })),
});

describe('isConditionFailure', () => {
  it('is true for a refused condition, by name (SDK error, DynamoDB Local or fake)', () => {
    expect(isConditionFailure({ name: 'ConditionalCheckFailedException' })).toBe(true);
  });

  it('is false for other errors and for values that are not errors', () => {
    expect(isConditionFailure(new Error('boom'))).toBe(false);
    expect(isConditionFailure(canceled('ConditionalCheckFailed'))).toBe(false);
    expect(isConditionFailure(undefined)).toBe(false);
    expect(isConditionFailure(null)).toBe(false);
  });
});

describe('isTransactionCancelled', () => {
  it('is true for the SDK exception and for a plain object of that name', () => {
    const sdkError = new TransactionCanceledException({ message: 'cancelled', $metadata: {} });

    expect(isTransactionCancelled(sdkError)).toBe(true);
    expect(isTransactionCancelled(canceled('None', 'ConditionalCheckFailed'))).toBe(true);
  });

  it('is false for other errors', () => {
    expect(isTransactionCancelled({ name: 'ConditionalCheckFailedException' })).toBe(false);
    expect(isTransactionCancelled(new Error('TransactionCanceledException'))).toBe(false);
    expect(isTransactionCancelled(undefined)).toBe(false);
  });
});

describe('isTransactionConflict', () => {
  it('is true when a reason is a conflict and no condition failed: a retry may succeed', () => {
    expect(isTransactionConflict(canceled('None', 'TransactionConflict', undefined))).toBe(true);
  });

  it('is false when a condition failed as well, or when nothing conflicted', () => {
    expect(isTransactionConflict(canceled('TransactionConflict', 'ConditionalCheckFailed'))).toBe(false);
    expect(isTransactionConflict(canceled('ConditionalCheckFailed'))).toBe(false);
    expect(isTransactionConflict({ name: 'TransactionCanceledException' })).toBe(false);
    expect(isTransactionConflict(null)).toBe(false);
  });
});
