/** What went wrong when asking for the microphone, as a page explains it to a person. */
export type MicrophoneErrorKind =
  /** The person (or the browser's settings) refused the permission. */
  | 'denied'
  /** No microphone, or none matching the chosen device. */
  | 'no-device'
  /** The page's Permissions-Policy (or the embedding page) forbids the microphone. */
  | 'blocked-by-policy'
  /** The device is there but cannot be opened (another app holds it, a hardware error). */
  | 'in-use'
  /** The page is not on https or localhost, so the browser offers no microphone. */
  | 'insecure-context'
  /** The browser lacks what capture needs. */
  | 'unsupported'
  | 'unknown';

interface FeaturePolicy {
  allowsFeature(feature: string): boolean;
}

/** The globals the classification reads (tests pass their own). */
export interface MicrophoneEnvironment {
  navigator?: { mediaDevices?: unknown };
  isSecureContext?: boolean;
  document?: { permissionsPolicy?: FeaturePolicy; featurePolicy?: FeaturePolicy };
}

const NAMES: ReadonlyMap<string, MicrophoneErrorKind> = new Map(
  Object.entries({
    NotAllowedError: 'denied',
    SecurityError: 'denied',
    PermissionDeniedError: 'denied',
    NotFoundError: 'no-device',
    OverconstrainedError: 'no-device',
    DevicesNotFoundError: 'no-device',
    NotReadableError: 'in-use',
    AbortError: 'in-use',
    TrackStartError: 'in-use',
    NotSupportedError: 'unsupported',
  } satisfies Record<string, MicrophoneErrorKind>),
);

function policyForbidsMicrophone(scope: MicrophoneEnvironment): boolean {
  const policy = scope.document?.permissionsPolicy ?? scope.document?.featurePolicy;
  try {
    return policy?.allowsFeature('microphone') === false;
  } catch {
    return false;
  }
}

/**
 * Classifies a failure of `captureMicrophone` (getUserMedia's DOMException names), so a page can
 * say what to do: allow the microphone in the site settings, plug one in, close the other app, open
 * the page over https.
 *
 * @example
 * try { await captureMicrophone({ onChunk }); }
 * catch (error) { show(guidance[microphoneErrorKind(error)]); }
 */
export function microphoneErrorKind(
  error: unknown,
  scope: MicrophoneEnvironment = globalThis as MicrophoneEnvironment,
): MicrophoneErrorKind {
  if (!scope.navigator?.mediaDevices)
    return scope.isSecureContext === false ? 'insecure-context' : 'unsupported';
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  const kind = typeof name === 'string' ? NAMES.get(name) : undefined;
  if (kind === 'denied' && policyForbidsMicrophone(scope)) return 'blocked-by-policy';
  return kind ?? 'unknown';
}
