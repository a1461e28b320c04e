import { awsErrorName, isThrottlingError } from '@lingocast/aws';

/** The AWS service behind a translation-pipeline port. */
export type AwsSpeechService = 'translate' | 'polly';

/**
 * Amazon Translate or Polly failed, or was asked for something it cannot do. `cause` holds the SDK error;
 * `throttled` says the request may succeed later (the SDK has already retried it with backoff).
 */
export class AwsSpeechError extends Error {
  readonly service: AwsSpeechService;
  /** The AWS error name (`TooManyRequestsException`, `InvalidSsmlException`, …) or ours (`UnsupportedLanguage`). */
  readonly code: string;
  readonly throttled: boolean;
  readonly details: Record<string, unknown>;

  constructor(
    message: string,
    options: {
      service: AwsSpeechService;
      code: string;
      throttled?: boolean;
      cause?: unknown;
      details?: Record<string, unknown>;
    },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AwsSpeechError';
    this.service = options.service;
    this.code = options.code;
    this.throttled = options.throttled ?? false;
    this.details = options.details ?? {};
  }

  /**
   * Wraps an SDK error, keeping it as `cause`, naming it in the message and marking throttling.
   *
   * @example
   * throw AwsSpeechError.from(error, 'translate', 'Amazon Translate could not translate en to es', { textLength: 42 });
   */
  static from(
    error: unknown,
    service: AwsSpeechService,
    what: string,
    details: Record<string, unknown> = {},
  ): AwsSpeechError {
    const code = awsErrorName(error);
    const reason = error instanceof Error ? error.message : String(error);
    return new AwsSpeechError(`${what}: ${code}: ${reason}`, {
      service,
      code,
      throttled: isThrottlingError(error),
      cause: error,
      details,
    });
  }
}
