/** Base class of the local stage's errors: the message says what failed and what to do. */
export class StageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StageError';
  }
}

/** Something already listens on ports the stage needs (another `npm run dev`?). */
export class PortsInUseError extends StageError {
  constructor(readonly ports: ReadonlyArray<{ port: number; purpose: string }>) {
    super(
      `port${ports.length > 1 ? 's' : ''} already in use: ${ports.map((p) => `${p.port} (${p.purpose})`).join(', ')}` +
        ' — is another `npm run dev` running? Stop it, or free the port.',
    );
    this.name = 'PortsInUseError';
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
