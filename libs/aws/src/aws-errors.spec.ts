import { InvalidSsmlException, ThrottlingException } from '@aws-sdk/client-polly';
import { TooManyRequestsException } from '@aws-sdk/client-translate';
import { awsErrorName, isThrottlingError } from './aws-errors';

function named(name: string, httpStatusCode?: number): Error {
  return Object.assign(new Error('failed'), { name, $metadata: { httpStatusCode } });
}

describe('awsErrorName', () => {
  it('reads the name of a modelled service exception', () => {
    // Prepare
    const error = new InvalidSsmlException({ message: 'Invalid SSML request', $metadata: {} });

    // Act
    const name = awsErrorName(error);

    // Assess
    expect(name).toBe('InvalidSsmlException');
  });

  it.each([
    ['a string', 'boom'],
    ['undefined', undefined],
    ['an object without a name', { message: 'x' }],
    ['an error with an empty name', Object.assign(new Error('x'), { name: '' })],
  ])('answers UnknownError for %s', (_what, error) => {
    // Act
    const name = awsErrorName(error);

    // Assess
    expect(name).toBe('UnknownError');
  });
});

describe('isThrottlingError', () => {
  it.each([
    ['Polly ThrottlingException', new ThrottlingException({ message: 'Rate exceeded', $metadata: {} })],
    ['Translate TooManyRequestsException', new TooManyRequestsException({ message: 'slow', $metadata: {} })],
    ['LimitExceededException (Transcribe concurrent streams)', named('LimitExceededException')],
    ['any error with HTTP 429', named('SomethingElse', 429)],
    [
      'an error the SDK marked as throttling',
      Object.assign(new Error('x'), { $retryable: { throttling: true } }),
    ],
  ])('recognises %s', (_what, error) => {
    // Act
    const throttled = isThrottlingError(error);

    // Assess
    expect(throttled).toBe(true);
  });

  it.each([
    [
      'InvalidSsmlException',
      new InvalidSsmlException({ message: 'bad', $metadata: { httpStatusCode: 400 } }),
    ],
    ['a plain error', new Error('socket hang up')],
    ['a non-error value', 'throttled'],
    ['null', null],
  ])('does not take %s for throttling', (_what, error) => {
    // Act
    const throttled = isThrottlingError(error);

    // Assess
    expect(throttled).toBe(false);
  });
});
