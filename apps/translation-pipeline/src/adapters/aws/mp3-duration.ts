/** Layer III bitrates in kbit/s by bitrate index; index 0 ("free format") and 15 are not usable. */
const MPEG1_LAYER3_KBPS = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MPEG2_LAYER3_KBPS = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

/** Sample rates by MPEG version bits (0 = 2.5, 2 = 2, 3 = 1) and sample-rate index. */
const SAMPLE_RATES: Readonly<Record<number, readonly number[]>> = {
  0: [11_025, 12_000, 8_000],
  2: [22_050, 24_000, 16_000],
  3: [44_100, 48_000, 32_000],
};

interface FrameHeader {
  sampleRate: number;
  samplesPerFrame: number;
  frameBytes: number;
  /** Bytes of side information after the 4-byte header (where a Xing/Info tag would start). */
  sideInfoBytes: number;
}

/** Reads the MPEG audio Layer III frame header at `offset` (4 bytes must remain), or `undefined`. */
function readFrameHeader(bytes: Buffer, offset: number): FrameHeader | undefined {
  const b0 = bytes.readUInt8(offset);
  const b1 = bytes.readUInt8(offset + 1);
  const b2 = bytes.readUInt8(offset + 2);
  const b3 = bytes.readUInt8(offset + 3);
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const versionBits = (b1 >> 3) & 0b11;
  const layerBits = (b1 >> 1) & 0b11;
  if (versionBits === 1 || layerBits !== 0b01) return undefined; // reserved version, or not Layer III
  const mpeg1 = versionBits === 3;
  const kbps = (mpeg1 ? MPEG1_LAYER3_KBPS : MPEG2_LAYER3_KBPS)[b2 >> 4];
  const sampleRate = SAMPLE_RATES[versionBits]?.[(b2 >> 2) & 0b11];
  if (kbps === undefined || kbps === 0 || sampleRate === undefined) return undefined;
  const padding = (b2 >> 1) & 1;
  const mono = b3 >> 6 === 0b11;
  return {
    sampleRate,
    samplesPerFrame: mpeg1 ? 1152 : 576,
    frameBytes: Math.floor(((mpeg1 ? 144_000 : 72_000) * kbps) / sampleRate) + padding,
    sideInfoBytes: mpeg1 ? (mono ? 17 : 32) : mono ? 9 : 17,
  };
}

/** Length of an ID3v2 tag at the start of the stream (header, body, optional footer), else 0. */
function id3v2Length(bytes: Buffer): number {
  if (bytes.length < 10 || bytes.toString('latin1', 0, 3) !== 'ID3') return 0;
  // Synchsafe integer: 7 bits per byte.
  const size = [6, 7, 8, 9].reduce((sum, index) => sum * 128 + ((bytes[index] ?? 0) & 0x7f), 0);
  const hasFooter = ((bytes[5] ?? 0) & 0x10) !== 0;
  return 10 + size + (hasFooter ? 10 : 0);
}

/** A Xing/Info frame describes the stream and carries no audio. */
function isInfoFrame(bytes: Buffer, offset: number, header: FrameHeader): boolean {
  const tagAt = offset + 4 + header.sideInfoBytes;
  const tag = bytes.toString('latin1', tagAt, tagAt + 4);
  return tag === 'Xing' || tag === 'Info';
}

/**
 * The playing time of an MP3 (MPEG-1/2/2.5 Layer III): the sum over its complete audio frames of samples
 * per frame ÷ sample rate. Exact for constant and variable bitrates, whatever the encoder chose; the figure
 * includes the encoder's priming and padding (a few tens of ms). Skips a leading ID3v2 tag and a Xing/Info
 * frame, resynchronises past junk between frames, ignores a truncated last frame. `undefined` when the
 * bytes hold no frame at all.
 *
 * @example
 * mp3DurationMs(pollyAudio); // 1248
 */
export function mp3DurationMs(bytes: Buffer): number | undefined {
  let offset = id3v2Length(bytes);
  let seconds = 0;
  let frames = 0;
  while (offset + 4 <= bytes.length) {
    const header = readFrameHeader(bytes, offset);
    if (header === undefined) {
      offset += 1; // not a frame boundary: look for the next sync word
      continue;
    }
    if (offset + header.frameBytes > bytes.length) break;
    if (!(frames === 0 && isInfoFrame(bytes, offset, header))) {
      seconds += header.samplesPerFrame / header.sampleRate;
    }
    frames += 1;
    offset += header.frameBytes;
  }
  return frames === 0 ? undefined : seconds * 1000;
}
