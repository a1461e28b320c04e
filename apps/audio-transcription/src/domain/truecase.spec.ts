import { truecase } from './truecase';

describe('truecase', () => {
  it('capitalises the first word, days and the pronoun I', () => {
    expect(truecase('the church meets every sunday and i pray')).toBe(
      'The church meets every Sunday and I pray',
    );
  });

  it('leaves ordinary words and spacing tidy', () => {
    expect(truecase('  welcome   to the morning service ')).toBe('Welcome to the morning service');
  });

  it('returns an empty string for an empty transcript', () => {
    expect(truecase('   ')).toBe('');
  });
});
