import type { TranslatedAudioMessage } from '@lingocast/contract';
import { AudioAssembler, captionInAudio } from './audio-assembler';
import { toBase64 } from './base64';

function part(sequenceNumber: number, index: number, parts: number, bytes: number[]): TranslatedAudioMessage {
  return {
    type: 'translatedAudio',
    timestamp: 1,
    sessionId: 'golden-eagle-427',
    targetLanguage: 'es',
    sequenceNumber,
    part: index,
    parts,
    format: 'mp3',
    audio: toBase64(Uint8Array.from(bytes)),
    durationMs: 1200,
    transcript: 'Hola',
  };
}

describe('AudioAssembler', () => {
  it('joins the parts of an utterance in part order whatever order they arrive in', () => {
    // Prepare
    const assembler = new AudioAssembler();

    // Act
    const first = assembler.add(part(0, 2, 3, [5, 6]));
    const second = assembler.add(part(0, 0, 3, [1, 2]));
    const complete = assembler.add(part(0, 1, 3, [3, 4]));

    // Assess
    expect(first).toBeUndefined();
    expect(second).toBeUndefined();
    expect(Array.from(complete?.audio ?? [])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(complete).toMatchObject({
      sequenceNumber: 0,
      targetLanguage: 'es',
      durationMs: 1200,
      transcript: 'Hola',
    });
  });

  it('delivers a one-part utterance at once and ignores it when it comes again', () => {
    // Prepare
    const assembler = new AudioAssembler();

    // Act
    const once = assembler.add(part(4, 0, 1, [9]));
    const again = assembler.add(part(4, 0, 1, [9]));

    // Assess
    expect(Array.from(once?.audio ?? [])).toEqual([9]);
    expect(again).toBeUndefined();
  });

  it('ignores a part numbered beyond the part count', () => {
    expect(new AudioAssembler().add(part(1, 3, 2, [1]))).toBeUndefined();
  });

  it('keeps the part count of the first part when later parts of the utterance disagree', () => {
    // Prepare
    const assembler = new AudioAssembler();
    assembler.add(part(2, 0, 2, [1]));

    // Act: a part claiming four parts, numbered beyond the first part's count of two
    const stray = assembler.add(part(2, 3, 4, [9]));
    const complete = assembler.add(part(2, 1, 2, [2]));

    // Assess
    expect(stray).toBeUndefined();
    expect(Array.from(complete?.audio ?? [])).toEqual([1, 2]);
  });

  it('forgets the oldest incomplete utterance when too many are pending', () => {
    // Prepare
    const assembler = new AudioAssembler(1);
    assembler.add(part(0, 0, 2, [1]));

    // Act: a second incomplete utterance pushes the first out
    assembler.add(part(1, 0, 2, [2]));
    const lateEnd = assembler.add(part(0, 1, 2, [3]));

    // Assess: utterance 0 starts over, so its second part alone does not complete it
    expect(lateEnd).toBeUndefined();
  });
});

describe('captionInAudio', () => {
  it('gives the transcript message that a part carrying the caption stands for', () => {
    // Prepare
    const withCaption = { ...part(7, 0, 1, [1]), sourceLanguage: 'en', sourceText: 'Hello' };

    // Act
    const caption = captionInAudio(withCaption);

    // Assess
    expect(caption).toEqual({
      type: 'transcript',
      timestamp: 1,
      sessionId: 'golden-eagle-427',
      sequenceNumber: 7,
      sourceLanguage: 'en',
      sourceText: 'Hello',
      targetLanguage: 'es',
      translatedText: 'Hola',
    });
  });

  it('gives nothing for a part without the source text, as older servers send', () => {
    // Act
    const caption = captionInAudio(part(7, 0, 1, [1]));

    // Assess
    expect(caption).toBeUndefined();
  });
});
