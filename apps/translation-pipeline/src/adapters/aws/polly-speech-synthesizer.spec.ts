import { PollyClient, SynthesizeSpeechCommand, VoiceId } from '@aws-sdk/client-polly';
import { mockClient } from 'aws-sdk-client-mock';
import { POLLY_NEURAL_VOICES, PollySpeechSynthesizer } from './polly-speech-synthesizer';
import { loudAndFast, pollyTestClient, whisperedSlowly } from './polly-speech-synthesizer.spec-helper';
import { mp3Frames } from './testing/mp3-frames';
import { pollyAudioStream as audioStream } from './testing/polly-audio-stream';

// Retries and Polly's errors: polly-speech-synthesizer-errors.spec.ts.
const polly = mockClient(PollyClient);

describe('PollySpeechSynthesizer', () => {
  let client: PollyClient;

  beforeEach(() => {
    polly.reset();
    client = pollyTestClient();
  });

  describe('synthesize', () => {
    it('asks a neural voice for 24 kHz MP3 from SSML and answers the audio as a Buffer with its duration', async () => {
      // Prepare
      const mp3 = mp3Frames(50, { infoFrame: 'Info' });
      polly
        .on(SynthesizeSpeechCommand)
        .resolves({ AudioStream: audioStream(mp3), ContentType: 'audio/mpeg' });
      const synthesizer = new PollySpeechSynthesizer(client);

      // Act
      const speech = await synthesizer.synthesize({ text: 'Hola a todos', language: 'es' });

      // Assess
      expect(speech.format).toBe('mp3');
      expect(Buffer.isBuffer(speech.audio)).toBe(true);
      expect(speech.audio.equals(mp3)).toBe(true);
      expect(speech.durationMs).toBe(1200);
      expect(polly.commandCalls(SynthesizeSpeechCommand)[0]?.args[0].input).toEqual({
        Engine: 'neural',
        OutputFormat: 'mp3',
        SampleRate: '24000',
        VoiceId: 'Lucia',
        Text: '<speak>Hola a todos</speak>',
        TextType: 'ssml',
      });
    });

    it('counts the duration from the MP3 frames, in whole milliseconds', async () => {
      // Prepare
      polly
        .on(SynthesizeSpeechCommand)
        .resolves({ AudioStream: audioStream(mp3Frames(10, { kind: 'mpeg1At44k' })) });
      const synthesizer = new PollySpeechSynthesizer(client);

      // Act
      const speech = await synthesizer.synthesize({ text: 'Hello', language: 'en' });

      // Assess
      expect(speech.durationMs).toBe(261); // 10 × 1152 samples at 44.1 kHz = 261.2 ms
    });

    it.each([
      [loudAndFast, 'rate="fast" volume="loud"'],
      [whisperedSlowly, 'rate="x-slow" volume="x-soft"'],
    ])('carries the measured emotion into the SSML prosody (%#)', async (emotion, prosody) => {
      // Prepare
      polly.on(SynthesizeSpeechCommand).resolves({ AudioStream: audioStream(mp3Frames(5)) });
      const synthesizer = new PollySpeechSynthesizer(client);

      // Act
      await synthesizer.synthesize({ text: 'Bon dia & benvinguts', language: 'ca', emotion });

      // Assess
      const input = polly.commandCalls(SynthesizeSpeechCommand)[0]?.args[0].input;
      expect(input?.VoiceId).toBe('Arlet');
      expect(input?.Text).toBe(`<speak><prosody ${prosody}>Bon dia &amp; benvinguts</prosody></speak>`);
      expect(input?.Text).not.toContain('pitch');
    });

    it('answers empty audio for blank text, without a request', async () => {
      // Prepare
      const synthesizer = new PollySpeechSynthesizer(client);

      // Act
      const speech = await synthesizer.synthesize({ text: ' \n ', language: 'en' });

      // Assess
      expect(speech).toEqual({ audio: Buffer.alloc(0), format: 'mp3', durationMs: 0 });
      expect(polly.commandCalls(SynthesizeSpeechCommand)).toHaveLength(0);
    });

    it('answers empty audio with no duration when Polly returns no bytes', async () => {
      // Prepare
      polly.on(SynthesizeSpeechCommand).resolves({ AudioStream: audioStream(Buffer.alloc(0)) });
      const synthesizer = new PollySpeechSynthesizer(client);

      // Act
      const speech = await synthesizer.synthesize({ text: '...', language: 'en' });

      // Assess
      expect(speech).toEqual({ audio: Buffer.alloc(0), format: 'mp3', durationMs: 0 });
    });

    it('fails when Polly answers without an audio stream', async () => {
      // Prepare
      polly.on(SynthesizeSpeechCommand).resolves({});
      const synthesizer = new PollySpeechSynthesizer(client);

      // Act
      const attempt = synthesizer.synthesize({ text: 'Hej', language: 'sv' });

      // Assess
      await expect(attempt).rejects.toMatchObject({ code: 'EmptyResponse', details: { voiceId: 'Elin' } });
    });

    it('fails when the audio holds no MP3 frame, rather than inventing a duration', async () => {
      // Prepare
      polly.on(SynthesizeSpeechCommand).resolves({
        AudioStream: audioStream(Buffer.from('{"message":"oops"}')),
        ContentType: 'application/json',
      });
      const synthesizer = new PollySpeechSynthesizer(client);

      // Act
      const attempt = synthesizer.synthesize({ text: 'Hej', language: 'da' });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        code: 'NotMp3',
        details: { audioBytes: 18, contentType: 'application/json' },
      });
    });

    it('refuses a language it has no voice for, without a request', async () => {
      // Prepare
      const synthesizer = new PollySpeechSynthesizer(client);

      // Act
      const attempt = synthesizer.synthesize({ text: 'nuqneH', language: 'tlh' });

      // Assess
      await expect(attempt).rejects.toMatchObject({
        service: 'polly',
        code: 'UnsupportedLanguage',
        message: "Polly has no neural voice for 'tlh'",
      });
      expect(polly.commandCalls(SynthesizeSpeechCommand)).toHaveLength(0);
    });
  });

  describe('voices', () => {
    it.each([
      ['en', 'Joanna', undefined],
      ['es', 'Lucia', undefined],
      ['ca', 'Arlet', undefined],
      ['fr', 'Lea', undefined],
      ['de', 'Vicki', undefined],
      ['it', 'Bianca', undefined],
      ['pt', 'Camila', undefined],
      ['pt-BR', 'Camila', undefined],
      ['pt_PT', 'Ines', undefined],
      ['ja', 'Takumi', undefined],
      ['ko', 'Seoyeon', undefined],
      ['zh', 'Zhiyu', undefined],
      ['hi', 'Kajal', 'hi-IN'],
      ['ar', 'Hala', 'ar-AE'],
      ['nl', 'Laura', undefined],
      ['sv', 'Elin', undefined],
      ['pl', 'Ola', undefined],
      ['fi', 'Suvi', undefined],
      ['da', 'Sofie', undefined],
      ['nb', 'Ida', undefined],
      ['en-GB', 'Joanna', undefined],
    ])('speaks %s with %s (language code %s)', async (language, voiceId, languageCode) => {
      // Prepare
      polly.on(SynthesizeSpeechCommand).resolves({ AudioStream: audioStream(mp3Frames(1)) });
      const synthesizer = new PollySpeechSynthesizer(client);

      // Act
      await synthesizer.synthesize({ text: 'x', language });

      // Assess
      const input = polly.commandCalls(SynthesizeSpeechCommand)[0]?.args[0].input;
      expect(input?.VoiceId).toBe(voiceId);
      expect(input?.LanguageCode).toBe(languageCode);
      expect(input?.Engine).toBe('neural');
    });

    it('names only voices the Polly SDK knows', () => {
      // Prepare
      const known = new Set<string>(Object.values(VoiceId));

      // Act
      const unknown = Object.values(POLLY_NEURAL_VOICES).filter((voice) => !known.has(voice.voiceId));

      // Assess
      expect(unknown).toEqual([]);
    });

    it('answers supports from its voice table, and takes extra voices from its options', () => {
      // Prepare
      const synthesizer = new PollySpeechSynthesizer(client, { voices: { 'en-gb': { voiceId: 'Amy' } } });

      // Act
      const supported = ['en', 'ES', 'pt-PT', 'tlh'].map((language) => synthesizer.supports(language));

      // Assess
      expect(supported).toEqual([true, true, true, false]);
      expect(synthesizer.voiceFor('en-GB')?.voiceId).toBe('Amy');
      expect(synthesizer.voiceFor('en-US')?.voiceId).toBe('Joanna');
    });
  });
});
