import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { isConditionFailure, isTransactionCanceled, isTransactionConflict } from './dynamo-conditions';

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

describe('isTransactionCanceled', () => {
  it('is true for the SDK exception and for a plain object of that name', () => {
    const sdkError = new TransactionCanceledException({ message: 'cancelled', $metadata: {} });

    expect(isTransactionCanceled(sdkError)).toBe(true);
    expect(isTransactionCanceled(canceled('None', 'ConditionalCheckFailed'))).toBe(true);
  });

  it('is false for other errors', () => {
    expect(isTransactionCanceled({ name: 'ConditionalCheckFailedException' })).toBe(false);
    expect(isTransactionCanceled(new Error('TransactionCanceledException'))).toBe(false);
    expect(isTransactionCanceled(undefined)).toBe(false);
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
