import {
  InvalidSsmlException,
  PollyClient,
  ServiceFailureException,
  SynthesizeSpeechCommand,
  TextLengthExceededException,
  ThrottlingException,
  VoiceId,
} from '@aws-sdk/client-polly';
import type { EmotionDynamics } from '@lingocast/contract';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSpeechError } from './aws-speech-error';
import { POLLY_NEURAL_VOICES, PollySpeechSynthesizer } from './polly-speech-synthesizer';
import { mp3Frames } from './testing/mp3-frames';
import { pollyAudioStream as audioStream } from './testing/polly-audio-stream';

const polly = mockClient(PollyClient);

const loudAndFast: EmotionDynamics = {
  volume: { level: 'loud', rmsDb: -9 },
  rate: { level: 'fast', wordsPerMinute: 175 },
};

const whisperedSlowly: EmotionDynamics = {
  volume: { level: 'whisper', rmsDb: -45 },
  rate: { level: 'very_slow', wordsPerMinute: 80 },
};

describe('PollySpeechSynthesizer', () => {
  let client: PollyClient;

  beforeEach(() => {
    polly.reset();
    client = new PollyClient({
      region: 'eu-west-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
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

    it('reads the plain text once more when Polly rejects the SSML', async () => {
      // Prepare
      const mp3 = mp3Frames(10);
      polly
        .on(SynthesizeSpeechCommand, { TextType: 'ssml' })
        .rejects(
          new InvalidSsmlException({ message: 'Invalid SSML request', $metadata: { httpStatusCode: 400 } }),
        )
        .on(SynthesizeSpeechCommand, { TextType: 'text' })
        .resolves({ AudioStream: audioStream(mp3) });
      const synthesizer = new PollySpeechSynthesizer(client);

      // Act
      const speech = await synthesizer.synthesize({
        text: 'Guten Morgen <alle>',
        language: 'de',
        emotion: loudAndFast,
      });

      // Assess
      const calls = polly.commandCalls(SynthesizeSpeechCommand).map((call) => call.args[0].input);
      expect(calls).toHaveLength(2);
      expect(calls[0]).toMatchObject({ TextType: 'ssml', VoiceId: 'Vicki' });
      expect(calls[1]).toEqual({
        Engine: 'neural',
        OutputFormat: 'mp3',
        SampleRate: '24000',
        VoiceId: 'Vicki',
        Text: 'Guten Morgen <alle>',
        TextType: 'text',
      });
      expect(speech.audio.equals(mp3)).toBe(true);
      expect(speech.durationMs).toBe(240);
    });

    it('gives up when the plain-text retry fails too, keeping both reasons', async () => {
      // Prepare
      const second = new ServiceFailureException({ message: 'internal', $metadata: { httpStatusCode: 500 } });
      polly
        .on(SynthesizeSpeechCommand)
        .rejectsOnce(new InvalidSsmlException({ message: 'Invalid SSML request', $metadata: {} }))
        .rejectsOnce(second);
      const synthesizer = new PollySpeechSynthesizer(client);

      // Act
      const attempt = synthesizer.synthesize({ text: 'Hello', language: 'en' });

      // Assess
      const error = await attempt.catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AwsSpeechError);
      expect(error).toMatchObject({
        service: 'polly',
        code: 'ServiceFailureException',
        throttled: false,
        details: { language: 'en', voiceId: 'Joanna', ssmlError: 'Invalid SSML request' },
      });
      expect((error as AwsSpeechError).cause).toBe(second);
      expect(polly.commandCalls(SynthesizeSpeechCommand)).toHaveLength(2);
    });

    it('retries throttling with backoff and speaks once Polly accepts', async () => {
      // Prepare
      const sleeps: number[] = [];
      const throttled = new ThrottlingException({
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 400 },
      });
      polly
        .on(SynthesizeSpeechCommand)
        .rejectsOnce(throttled)
        .rejectsOnce(throttled)
        .resolves({ AudioStream: audioStream(mp3Frames(10)), ContentType: 'audio/mpeg' });
      const synthesizer = new PollySpeechSynthesizer(client, {
        retry: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, now: () => 0 },
      });

      // Act
      const speech = await synthesizer.synthesize({ text: 'Bonjour', language: 'fr' });

      // Assess
      expect(speech.audio.length).toBeGreaterThan(0);
      expect(sleeps).toEqual([75, 150]);
      expect(polly.commandCalls(SynthesizeSpeechCommand)).toHaveLength(3);
      expect(
        polly.commandCalls(SynthesizeSpeechCommand).every((call) => call.args[0].input.TextType === 'ssml'),
      ).toBe(true);
    });

    it('throws throttling after the latency budget, marked as throttled, without the plain-text retry', async () => {
      // Prepare
      let nowMs = 0;
      const throttled = new ThrottlingException({
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 400 },
      });
      polly.on(SynthesizeSpeechCommand).rejects(throttled);
      const synthesizer = new PollySpeechSynthesizer(client, {
        retry: { sleep: async (ms) => void (nowMs += ms), random: () => 0.999, now: () => nowMs },
      });

      // Act
      const attempt = synthesizer.synthesize({ text: 'Bonjour', language: 'fr' });

      // Assess
      const error = await attempt.catch((caught: unknown) => caught);
      expect(error).toMatchObject({
        name: 'AwsSpeechError',
        code: 'ThrottlingException',
        throttled: true,
        message: "Polly could not speak 'fr': ThrottlingException: Rate exceeded",
      });
      expect((error as AwsSpeechError).cause).toBe(throttled);
      expect(nowMs).toBeLessThanOrEqual(1_500);
      expect(polly.commandCalls(SynthesizeSpeechCommand)).toHaveLength(5);
      expect(
        polly.commandCalls(SynthesizeSpeechCommand).every((call) => call.args[0].input.TextType === 'ssml'),
      ).toBe(true);
    });

    it('throws other Polly errors without retrying', async () => {
      // Prepare
      polly
        .on(SynthesizeSpeechCommand)
        .rejects(
          new TextLengthExceededException({ message: 'too long', $metadata: { httpStatusCode: 400 } }),
        );
      const synthesizer = new PollySpeechSynthesizer(client);

      // Act
      const attempt = synthesizer.synthesize({ text: 'Hallo', language: 'nl' });

      // Assess
      await expect(attempt).rejects.toMatchObject({ code: 'TextLengthExceededException', throttled: false });
      expect(polly.commandCalls(SynthesizeSpeechCommand)).toHaveLength(1);
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
