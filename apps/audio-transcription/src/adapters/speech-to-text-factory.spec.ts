import {
  StartStreamTranscriptionCommand,
  TranscribeStreamingClient,
} from '@aws-sdk/client-transcribe-streaming';
import { resetClients } from '@lingocast/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { sourceLanguagesOf } from '@lingocast/config';
import { TranscribeStreamingSpeechToText } from './aws/transcribe-streaming-speech-to-text';
import { PocketsphinxSpeechToText } from './offline/pocketsphinx-speech-to-text';
import { createSpeechToText } from './speech-to-text-factory';

const transcribe = mockClient(TranscribeStreamingClient);

async function* noResults(): AsyncGenerator<never> {}

describe('createSpeechToText', () => {
  beforeEach(() => {
    transcribe.reset();
  });

  afterEach(() => {
    resetClients();
  });

  afterAll(() => {
    transcribe.restore();
  });

  it('uses pocketsphinx for the offline provider', () => {
    // Act
    const engine = createSpeechToText({ speechProvider: 'offline', region: 'us-east-1' });

    // Assess
    expect(engine).toBeInstanceOf(PocketsphinxSpeechToText);
    expect(engine.languages).toContain('en');
  });

  it('uses Transcribe Streaming for the aws provider, in the configured region', async () => {
    // Prepare
    transcribe.on(StartStreamTranscriptionCommand).resolves({ TranscriptResultStream: noResults() });

    // Act
    const engine = createSpeechToText({ speechProvider: 'aws', region: 'eu-west-1' });
    await engine.transcribe({ pcm: Buffer.alloc(3200), sampleRate: 16_000, languageCode: 'en' });

    // Assess
    expect(engine).toBeInstanceOf(TranscribeStreamingSpeechToText);
    const client = transcribe.call(0).thisValue as TranscribeStreamingClient;
    expect(await client.config.region()).toBe('eu-west-1');
  });

  it.each(['offline', 'aws'] as const)(
    'recognises every source language the %s provider lets a speaker choose',
    (speechProvider) => {
      // Act
      const engine = createSpeechToText({ speechProvider, region: 'us-east-1' });

      // Assess
      expect([...engine.languages].sort()).toEqual([...sourceLanguagesOf(speechProvider)].sort());
    },
  );
});
