import type { AudioChunkEvent } from '@lingocast/contract';

/** Test audio: 16 kHz signed 16-bit mono, as the speaker's microphone sends it. */
export const SAMPLE_RATE = 16_000;
export const CHUNK_MS = 250;

function samplesFor(ms: number): number {
  return Math.round((SAMPLE_RATE * ms) / 1000);
}

/** A 220 Hz tone at `levelDb` dBFS RMS: stands in for speech. */
export function tone(ms: number, levelDb = -12): Int16Array {
  const amplitude = 32768 * 10 ** (levelDb / 20) * Math.SQRT2;
  return Int16Array.from({ length: samplesFor(ms) }, (_unused, index) =>
    Math.round(amplitude * Math.sin((2 * Math.PI * 220 * index) / SAMPLE_RATE)),
  );
}

/** Digital silence. */
export function silence(ms: number): Int16Array {
  return new Int16Array(samplesFor(ms));
}

/** A full-scale square wave: every sample clips. */
export function clipped(ms: number): Int16Array {
  return Int16Array.from({ length: samplesFor(ms) }, (_unused, index) =>
    Math.floor(index / 40) % 2 === 0 ? 32767 : -32768,
  );
}

/** Concatenates sample runs into PCM16LE bytes. */
export function pcm(...parts: Int16Array[]): Buffer {
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const buffer = Buffer.alloc(total * 2);
  let offset = 0;
  for (const part of parts) {
    for (const sample of part) {
      buffer.writeInt16LE(sample, offset);
      offset += 2;
    }
  }
  return buffer;
}

/**
 * 250 ms chunks from a script, one character per chunk:
 * `S` speech throughout, `.` silence, `T` speech that trails off (50 ms tone, 200 ms silence),
 * `L` speech that starts late (200 ms silence, 50 ms tone).
 */
export function chunksFromScript(script: string): Buffer[] {
  return [...script].map((symbol) => {
    switch (symbol) {
      case 'S':
        return pcm(tone(CHUNK_MS));
      case '.':
        return pcm(silence(CHUNK_MS));
      case 'T':
        return pcm(tone(50), silence(200));
      case 'L':
        return pcm(silence(200), tone(50));
      default:
        throw new Error(`unknown chunk symbol '${symbol}'`);
    }
  });
}

export const SESSION_ID = 'golden-eagle-427';

/** The event session-management sends for one chunk. */
export function chunkEvent(sequenceNumber: number, audio: Buffer, receivedAt: number): AudioChunkEvent {
  return {
    kind: 'audioChunk',
    sessionId: SESSION_ID,
    sourceLanguage: 'en',
    speakerConnectionId: 'speaker-conn',
    sequenceNumber,
    encoding: 'pcm_s16le',
    sampleRate: SAMPLE_RATE,
    audio: audio.toString('base64'),
    receivedAt,
    requestId: `chunk-${sequenceNumber}`,
  };
}
