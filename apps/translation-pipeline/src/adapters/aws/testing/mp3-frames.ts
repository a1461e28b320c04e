/** Header bytes of the MP3 frame kinds the tests use (sync word, version, Layer III, bitrate, rate, mono). */
export const FRAME_KINDS = {
  /** MPEG-2, 24 kHz (Polly neural), 48 kbit/s, mono: 144 bytes, 576 samples = 24 ms. */
  mpeg2At24k: { header: [0xff, 0xf3, 0x64, 0xc0], frameBytes: 144, frameMs: 24 },
  /** MPEG-1, 44.1 kHz, 128 kbit/s, mono, padded: 418 bytes, 1152 samples ≈ 26.12 ms. */
  mpeg1At44k: { header: [0xff, 0xfb, 0x92, 0xc0], frameBytes: 418, frameMs: (1152 / 44_100) * 1000 },
  /** MPEG-2.5, 8 kHz, 8 kbit/s, mono: 72 bytes, 576 samples = 72 ms. */
  mpeg25At8k: { header: [0xff, 0xe3, 0x18, 0xc0], frameBytes: 72, frameMs: 72 },
} as const;

export type FrameKind = keyof typeof FRAME_KINDS;

/**
 * `count` silent-payload MP3 frames of one kind, optionally opened by a Xing/Info frame (as LAME writes)
 * and preceded by an ID3v2 tag.
 */
export function mp3Frames(
  count: number,
  options: { kind?: FrameKind; infoFrame?: 'Xing' | 'Info'; id3Bytes?: number } = {},
): Buffer {
  const kind = FRAME_KINDS[options.kind ?? 'mpeg2At24k'];
  const frame = (): Buffer => {
    const bytes = Buffer.alloc(kind.frameBytes);
    Buffer.from(kind.header).copy(bytes);
    return bytes;
  };
  const parts: Buffer[] = [];
  if (options.id3Bytes !== undefined) parts.push(id3v2Tag(options.id3Bytes));
  if (options.infoFrame !== undefined) {
    const info = frame();
    // Mono MPEG-2 side information is 9 bytes; MPEG-1 mono 17.
    const sideInfo = options.kind === 'mpeg1At44k' ? 17 : 9;
    info.write(options.infoFrame, 4 + sideInfo, 'latin1');
    parts.push(info);
  }
  for (let index = 0; index < count; index += 1) parts.push(frame());
  return Buffer.concat(parts);
}

/** An ID3v2.4 tag whose body is `bodyBytes` of padding (size as a synchsafe integer). */
export function id3v2Tag(bodyBytes: number): Buffer {
  const header = Buffer.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
  header[6] = (bodyBytes >> 21) & 0x7f;
  header[7] = (bodyBytes >> 14) & 0x7f;
  header[8] = (bodyBytes >> 7) & 0x7f;
  header[9] = bodyBytes & 0x7f;
  return Buffer.concat([header, Buffer.alloc(bodyBytes)]);
}
