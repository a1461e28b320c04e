import { AwsSpeechError } from './aws-speech-error';

describe('AwsSpeechError', () => {
  it('is not throttled and carries no details unless told', () => {
    // Act
    const error = new AwsSpeechError('Polly has no voice', { service: 'polly', code: 'UnsupportedLanguage' });

    // Assess
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'AwsSpeechError', service: 'polly', throttled: false, details: {} });
    expect(error.cause).toBeUndefined();
  });

  it('wraps a value that is not an Error, quoting it in the message', () => {
    // Act
    const error = AwsSpeechError.from(
      'socket hang up',
      'translate',
      'Amazon Translate could not translate en to es',
    );

    // Assess
    expect(error).toMatchObject({
      code: 'UnknownError',
      throttled: false,
      message: 'Amazon Translate could not translate en to es: UnknownError: socket hang up',
      details: {},
    });
    expect(error.cause).toBe('socket hang up');
  });
});
