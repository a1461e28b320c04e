import { mp3DurationMs } from './mp3-duration';
import { FRAME_KINDS, mp3Frames } from './testing/mp3-frames';

describe('mp3DurationMs', () => {
  it.each([
    ['MPEG-2 at 24 kHz (Polly neural)', 'mpeg2At24k', 50, 1200],
    ['MPEG-1 at 44.1 kHz', 'mpeg1At44k', 10, (10 * 1152 * 1000) / 44_100],
    ['MPEG-2.5 at 8 kHz', 'mpeg25At8k', 5, 360],
  ] as const)('counts the playing time of %s from its frames', (_what, kind, frames, expectedMs) => {
    // Prepare
    const mp3 = mp3Frames(frames, { kind });

    // Act
    const durationMs = mp3DurationMs(mp3);

    // Assess
    expect(durationMs).toBeCloseTo(expectedMs, 6);
  });

  it.each(['Xing', 'Info'] as const)('leaves out a leading %s frame, which carries no audio', (tag) => {
    // Prepare
    const mp3 = mp3Frames(10, { infoFrame: tag });

    // Act
    const durationMs = mp3DurationMs(mp3);

    // Assess
    expect(durationMs).toBeCloseTo(240, 6);
  });

  it('leaves out an Info frame in MPEG-1 too, where the side information is longer', () => {
    // Prepare
    const mp3 = mp3Frames(3, { kind: 'mpeg1At44k', infoFrame: 'Info' });

    // Act
    const durationMs = mp3DurationMs(mp3);

    // Assess
    expect(durationMs).toBeCloseTo(3 * FRAME_KINDS.mpeg1At44k.frameMs, 6);
  });

  it('skips a leading ID3v2 tag, whatever its content', () => {
    // Prepare
    const mp3 = mp3Frames(4, { id3Bytes: 300 });

    // Act
    const durationMs = mp3DurationMs(mp3);

    // Assess
    expect(durationMs).toBeCloseTo(96, 6);
  });

  it('skips an ID3v2 tag that has a footer', () => {
    // Prepare
    const tagged = mp3Frames(4, { id3Bytes: 20 });
    tagged[5] = 0x10; // footer present: 10 more bytes after the body
    const mp3 = Buffer.concat([tagged.subarray(0, 30), Buffer.alloc(10), tagged.subarray(30)]);

    // Act
    const durationMs = mp3DurationMs(mp3);

    // Assess
    expect(durationMs).toBeCloseTo(96, 6);
  });

  it('finds the frames again after junk between them', () => {
    // Prepare
    const mp3 = Buffer.concat([
      Buffer.from([1, 2, 3]),
      mp3Frames(2),
      Buffer.from([0xff, 0x00, 9]),
      mp3Frames(3),
    ]);

    // Act
    const durationMs = mp3DurationMs(mp3);

    // Assess
    expect(durationMs).toBeCloseTo(120, 6);
  });

  it('ignores a truncated last frame', () => {
    // Prepare
    const mp3 = mp3Frames(5);

    // Act
    const durationMs = mp3DurationMs(mp3.subarray(0, mp3.length - 10));

    // Assess
    expect(durationMs).toBeCloseTo(96, 6);
  });

  it.each([
    ['no bytes', Buffer.alloc(0)],
    ['text', Buffer.from('<speak>not audio</speak>')],
    ['a sync word with a reserved MPEG version', Buffer.from([0xff, 0xeb, 0x64, 0xc0, ...Buffer.alloc(200)])],
    ['a Layer II frame header', Buffer.from([0xff, 0xf5, 0x64, 0xc0, ...Buffer.alloc(200)])],
    ['a free-format bitrate', Buffer.from([0xff, 0xf3, 0x04, 0xc0, ...Buffer.alloc(200)])],
    ['a bad bitrate index', Buffer.from([0xff, 0xf3, 0xf4, 0xc0, ...Buffer.alloc(200)])],
    ['a reserved sample rate', Buffer.from([0xff, 0xf3, 0x6c, 0xc0, ...Buffer.alloc(200)])],
    ['an ID3 tag alone', mp3Frames(0, { id3Bytes: 16 })],
  ])('answers undefined for %s', (_what, bytes) => {
    // Act
    const durationMs = mp3DurationMs(bytes);

    // Assess
    expect(durationMs).toBeUndefined();
  });
});
