/** Base class of the local stage's errors (and of its local services'): the message says what failed and what to do. */
export class StageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StageError';
  }
}

/** Java is missing or cannot start; DynamoDB Local needs it. */
export class JavaNotFoundError extends StageError {
  constructor(options?: { cause?: unknown }) {
    super(
      'Java not found: DynamoDB Local needs Java 11 or newer. Run `npm run setup`, or `apt-get install -y default-jre-headless`.',
      options,
    );
    this.name = 'JavaNotFoundError';
  }
}

/** A part of the stage did not come up; carries the end of its log. */
export class ServiceStartError extends StageError {
  constructor(
    readonly service: string,
    reason: string,
    readonly logFile: string | undefined,
    readonly logTail: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${service} did not start: ${reason}${logFile ? ` (log: ${logFile})` : ''}` +
        (logTail ? `\n--- last lines of its output ---\n${logTail}` : ''),
      options,
    );
    this.name = 'ServiceStartError';
  }
}
