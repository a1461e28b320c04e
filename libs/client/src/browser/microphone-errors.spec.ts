import type { MicrophoneEnvironment } from './microphone-errors';
import { microphoneErrorKind } from './microphone-errors';

const domError = (name: string): Error => Object.assign(new Error(name), { name });

const allowing = (allowed: boolean) => ({
  allowsFeature: (feature: string) => feature !== 'microphone' || allowed,
});

const secure: MicrophoneEnvironment = {
  navigator: { mediaDevices: {} },
  isSecureContext: true,
  document: {},
};

describe('microphoneErrorKind', () => {
  it.each([
    ['NotAllowedError', 'denied'],
    ['SecurityError', 'denied'],
    ['NotFoundError', 'no-device'],
    ['OverconstrainedError', 'no-device'],
    ['NotReadableError', 'in-use'],
    ['AbortError', 'in-use'],
    ['NotSupportedError', 'unsupported'],
    ['TypeError', 'unknown'],
    ['toString', 'unknown'],
  ])('reads %s as %s', (name, kind) => {
    expect(microphoneErrorKind(domError(name), secure)).toBe(kind);
  });

  it('reads a refusal as blocked-by-policy when the permissions policy forbids the microphone', () => {
    // Prepare
    const forbidden = { ...secure, document: { permissionsPolicy: allowing(false) } };
    const forbiddenOldName = { ...secure, document: { featurePolicy: allowing(false) } };
    const allowed = { ...secure, document: { permissionsPolicy: allowing(true) } };

    // Act
    const kinds = [forbidden, forbiddenOldName, allowed].map((scope) =>
      microphoneErrorKind(domError('NotAllowedError'), scope),
    );

    // Assess
    expect(kinds).toEqual(['blocked-by-policy', 'blocked-by-policy', 'denied']);
  });

  it('keeps a refusal as denied when the policy cannot be read', () => {
    const broken = {
      ...secure,
      document: {
        permissionsPolicy: {
          allowsFeature: () => {
            throw new Error('not here');
          },
        },
      },
    };
    expect(microphoneErrorKind(domError('NotAllowedError'), broken)).toBe('denied');
  });

  it('says insecure-context without navigator.mediaDevices on plain http, and unsupported elsewhere', () => {
    expect(microphoneErrorKind(new TypeError('x'), { navigator: {}, isSecureContext: false })).toBe(
      'insecure-context',
    );
    expect(microphoneErrorKind(new TypeError('x'), { navigator: {}, isSecureContext: true })).toBe(
      'unsupported',
    );
    expect(microphoneErrorKind('anything', {})).toBe('unsupported');
  });

  it('reads the globals when no environment is given', () => {
    // Node has no navigator.mediaDevices: the browser offers no microphone here
    expect(microphoneErrorKind(domError('NotAllowedError'))).toBe('unsupported');
  });

  it('answers unknown for something that is not an error', () => {
    expect(microphoneErrorKind(undefined, secure)).toBe('unknown');
    expect(microphoneErrorKind(42, secure)).toBe('unknown');
  });
});
