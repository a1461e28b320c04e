import { StageError } from '@lingocast/local-services';

// The errors of the processes the stage runs come from the lib that runs them; the stage's own is below.
export { StageError, JavaNotFoundError, ServiceStartError } from '@lingocast/local-services';

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
