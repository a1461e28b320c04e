import type { Caption } from './state';
import { clockOffset, plainTextTranscript, vttTimestamp, webVttTranscript } from './transcript';

function caption(
  sequenceNumber: number,
  receivedAtMs: number,
  sourceText: string,
  translatedText: string,
): Caption {
  return {
    sequenceNumber,
    sourceLanguage: 'en',
    sourceText,
    targetLanguage: 'es',
    translatedText,
    receivedAtMs,
  };
}

const captions = [
  caption(1, 75_000, 'We pray together.', 'Rezamos juntos.'),
  caption(0, 60_000, 'Good morning.', 'Buenos días.'),
  caption(2, 100_000, 'Same', 'Same'),
];

describe('timestamps', () => {
  it('formats WebVTT timestamps', () => {
    expect(vttTimestamp(3_723_004)).toBe('01:02:03.004');
    expect(vttTimestamp(-5)).toBe('00:00:00.000');
  });

  it('formats clock offsets with hours only when needed', () => {
    expect(clockOffset(65_000)).toBe('1:05');
    expect(clockOffset(3_726_000)).toBe('1:02:06');
  });
});

describe('plainTextTranscript', () => {
  it('writes one paragraph per utterance in arrival order, times from the first caption', () => {
    const file = plainTextTranscript('golden-eagle-427', captions, 'translated');
    expect(file.filename).toBe('lingocast-golden-eagle-427.txt');
    expect(file.mimeType).toBe('text/plain;charset=utf-8');
    expect(file.text).toBe('[0:00]\nBuenos días.\n\n[0:15]\nRezamos juntos.\n\n[0:40]\nSame\n');
  });

  it('writes the original, or both (translation first, a line once when they are the same)', () => {
    expect(plainTextTranscript('a-b-123', captions, 'original').text).toContain('[0:00]\nGood morning.');
    const both = plainTextTranscript('a-b-123', captions, 'both').text;
    expect(both).toContain('[0:00]\nBuenos días.\nGood morning.');
    expect(both).toContain('[0:40]\nSame\n');
  });

  it('is empty with no captions', () => {
    expect(plainTextTranscript('a-b-123', [], 'translated').text).toBe('');
  });

  it('keeps only safe characters of the session id in the file name', () => {
    expect(plainTextTranscript('../x y', [], 'translated').filename).toBe('lingocast-xy.txt');
  });
});

describe('webVttTranscript', () => {
  it('writes a cue per utterance lasting until the next one, between 1 and 8 seconds', () => {
    const file = webVttTranscript(
      'golden-eagle-427',
      [...captions, caption(3, 100_200, 'Next', 'Siguiente')],
      'translated',
    );
    expect(file.filename).toBe('lingocast-golden-eagle-427.vtt');
    expect(file.mimeType).toBe('text/vtt;charset=utf-8');
    expect(file.text).toBe(
      [
        'WEBVTT',
        '1\n00:00:00.000 --> 00:00:08.000\nBuenos días.',
        '2\n00:00:15.000 --> 00:00:23.000\nRezamos juntos.',
        '3\n00:00:40.000 --> 00:00:41.000\nSame',
        '4\n00:00:40.200 --> 00:00:48.200\nSiguiente',
      ].join('\n\n') + '\n',
    );
  });

  it('escapes markup and cue separators in the text', () => {
    const file = webVttTranscript('a-b-123', [caption(0, 0, 'a', '<b> & --> c\n\nd')], 'translated');
    expect(file.text).toContain('&lt;b> &amp; → c\nd');
  });

  it('writes both lines in the "both" view', () => {
    expect(webVttTranscript('a-b-123', [caption(0, 0, 'Hello', 'Hola')], 'both').text).toContain(
      'Hola\nHello',
    );
  });

  it('is just the header with no captions', () => {
    expect(webVttTranscript('a-b-123', [], 'translated').text).toBe('WEBVTT\n');
  });
});
