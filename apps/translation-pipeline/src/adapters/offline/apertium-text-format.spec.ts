import { execFileSync } from 'node:child_process';
import { deformatText, normaliseText, reformatText } from './apertium-text-format';

// The reference is Apertium's own plain-text formatter (installed with apertium by the bootstrap).
const destxt = (input: string): string =>
  execFileSync('apertium-destxt', [], { input, env: { ...process.env, LC_ALL: 'C.UTF-8' } }).toString('utf8');
const retxt = (input: string): string =>
  execFileSync('apertium-retxt', [], { input, env: { ...process.env, LC_ALL: 'C.UTF-8' } }).toString('utf8');

const TEXTS = [
  'The children were playing in the garden with their dog.',
  'Save $5 now: 50% off <today> only!',
  'Paths like a/b and c\\d, [brackets], {braces}, ^carets^ and mail@example.org',
  '¿Dónde está la biblioteca? «Aquí», dijo él.',
  'Tildes ~ as blanks ~~ and a~b, ending in ~',
  '~starting with a tilde',
  'A backslash at the end \\',
  'Quotes "double" and \'single\' (parentheses) #hash *star',
  'x',
  'no final punctuation',
  'Two sentences. The second one ends here.',
];

describe('normaliseText', () => {
  it('makes one line of single spaces, without NUL or blanks at the ends', () => {
    expect(normaliseText('  Hello\n\tthere \u0000 you\r\n ')).toBe('Hello there you');
  });
});

describe('deformatText', () => {
  it.each(TEXTS)('gives what apertium-destxt gives for the line %j', (text) => {
    expect(deformatText(text)).toBe(destxt(`${text}\n`));
  });
});

describe('reformatText', () => {
  it.each(TEXTS)('gives back the line %j as apertium-retxt does', (text) => {
    // Prepare
    const stream = destxt(`${text}\n`);

    // Act
    const restored = reformatText(stream);

    // Assess
    expect(restored).toBe(retxt(stream));
    expect(restored).toBe(`${text}\n`);
  });

  it('drops superblank brackets and escapes from translated output', () => {
    expect(reformatText('Ahorra \\$5[  ]ya[~]\\[sí\\].[][\n]')).toBe('Ahorra $5  ya~[sí]\n');
  });
});
