import {
  InvalidSsmlException,
  PollyClient,
  ServiceFailureException,
  SynthesizeSpeechCommand,
  TextLengthExceededException,
  ThrottlingException,
} from '@aws-sdk/client-polly';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsSpeechError } from './aws-speech-error';
import { PollySpeechSynthesizer } from './polly-speech-synthesizer';
import { loudAndFast, pollyTestClient } from './polly-speech-synthesizer.spec-helper';
import { mp3Frames } from './testing/mp3-frames';
import { pollyAudioStream as audioStream } from './testing/polly-audio-stream';

// How the synthesizer retries: plain text after an SSML refusal, throttling with backoff, nothing else.
const polly = mockClient(PollyClient);

describe('PollySpeechSynthesizer', () => {
  let client: PollyClient;

  beforeEach(() => {
    polly.reset();
    client = pollyTestClient();
  });

  describe('synthesize', () => {
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
  });
});
