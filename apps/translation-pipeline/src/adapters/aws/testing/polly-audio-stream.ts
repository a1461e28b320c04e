import { Readable } from 'node:stream';
import type { SynthesizeSpeechCommandOutput } from '@aws-sdk/client-polly';

/** The SDK's streaming body, as Polly's AudioStream arrives in Node, holding `bytes`. */
export function pollyAudioStream(bytes: Buffer): SynthesizeSpeechCommandOutput['AudioStream'] {
  return Object.assign(Readable.from([bytes]), {
    transformToByteArray: async () => new Uint8Array(bytes),
    transformToString: async (encoding?: string) => bytes.toString(encoding === 'base64' ? 'base64' : 'utf8'),
    transformToWebStream: (): ReadableStream => {
      throw new Error('not used by the adapter');
    },
  });
}
