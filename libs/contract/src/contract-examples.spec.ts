import { CONTRACT_EXAMPLES, fieldPaths } from './contract-examples';

describe('fieldPaths', () => {
  it('lists nested fields by path, sorted', () => {
    expect(fieldPaths({ b: { d: 1, c: 'x' }, a: [1, 2] })).toEqual(['a', 'b', 'b.c', 'b.d']);
  });

  it('gives nothing for values that are not objects', () => {
    expect(fieldPaths('text')).toEqual([]);
    expect(fieldPaths(null)).toEqual([]);
  });
});

describe('CONTRACT_EXAMPLES', () => {
  it('holds whole PCM16 samples in the audio chunk example', () => {
    expect(Buffer.from(CONTRACT_EXAMPLES.audioChunk.audio, 'base64').length % 2).toBe(0);
  });
});
