/** Error names AWS services use for "slow down": rate limits, concurrency limits, quotas per second. */
const THROTTLING_ERROR_NAMES: ReadonlySet<string> = new Set([
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'LimitExceededException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'SlowDown',
]);

interface AwsErrorShape {
  name?: unknown;
  $metadata?: { httpStatusCode?: unknown };
  $retryable?: { throttling?: unknown };
}

function shapeOf(error: unknown): AwsErrorShape {
  return typeof error === 'object' && error !== null ? (error as AwsErrorShape) : {};
}

/**
 * The name an AWS SDK error carries (`ThrottlingException`, `InvalidSsmlException`, …), or
 * `UnknownError` for anything that is not an error object.
 *
 * @example
 * awsErrorName(new InvalidSsmlException({ message: 'bad', $metadata: {} })); // 'InvalidSsmlException'
 */
export function awsErrorName(error: unknown): string {
  const { name } = shapeOf(error);
  return typeof name === 'string' && name.length > 0 ? name : 'UnknownError';
}

/**
 * True when an AWS SDK error means "too many requests": HTTP 429, a throttling error name, or the SDK's
 * own throttling mark. The SDK has already retried such errors (standard retry mode) when they reach us.
 *
 * @example
 * isThrottlingError(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' })); // true
 */
export function isThrottlingError(error: unknown): boolean {
  const shape = shapeOf(error);
  return (
    shape.$metadata?.httpStatusCode === 429 ||
    shape.$retryable?.throttling === true ||
    THROTTLING_ERROR_NAMES.has(awsErrorName(error))
  );
}
