import type {
  AudioChunkEvent,
  UtteranceClaimedEvent,
  UtterancePartialEvent,
  UtteranceTranscribedEvent,
} from '@lingocast/contract';
import {
  validateAudioChunkEvent,
  validateAudioFlushEvent,
  validateUtteranceClaimedEvent,
  validateUtterancePartialEvent,
  validateUtteranceTranscribedEvent,
} from './validators';

const AUDIO = Buffer.from(new Uint8Array(320)).toString('base64');

describe('service events', () => {
  const chunk: AudioChunkEvent = {
    kind: 'audioChunk',
    sessionId: 'golden-eagle-427',
    sourceLanguage: 'en',
    speakerConnectionId: 'Abc123=',
    sequenceNumber: 12,
    encoding: 'pcm_s16le',
    sampleRate: 16_000,
    audio: AUDIO,
    receivedAt: 1_760_000_000_000,
    requestId: 'req-1',
  };
  const claimed: UtteranceClaimedEvent = {
    kind: 'utteranceClaimed',
    sessionId: 'golden-eagle-427',
    sourceLanguage: 'en',
    sequenceNumber: 3,
    firstChunk: 40,
    lastChunk: 52,
    timings: { lastChunkReceivedAt: 1, assembledAt: 2 },
    requestId: 'req-2',
  };
  const transcribed: UtteranceTranscribedEvent = {
    kind: 'utteranceTranscribed',
    sessionId: 'golden-eagle-427',
    sequenceNumber: 3,
    sourceLanguage: 'en',
    text: 'grace and peace to you',
    emotion: {
      volume: { level: 'medium', rmsDb: -15.2 },
      rate: { level: 'medium', wordsPerMinute: 142 },
    },
    durationMs: 2100,
    timings: { lastChunkReceivedAt: 1, assembledAt: 2, transcribedAt: 3 },
    requestId: 'req-3',
  };
  const partial: UtterancePartialEvent = {
    kind: 'utterancePartial',
    sessionId: 'golden-eagle-427',
    sourceLanguage: 'en',
    sequenceNumber: 3,
    text: 'grace and',
    emittedAt: 1_760_000_000_500,
    requestId: 'req-4',
  };

  it('accepts well-formed events of every kind', () => {
    // Act
    const results = [
      validateAudioChunkEvent(chunk),
      validateAudioFlushEvent({
        kind: 'audioFlush',
        sessionId: 'golden-eagle-427',
        sourceLanguage: 'en',
        requestId: 'r',
      }),
      validateUtteranceClaimedEvent(claimed),
      validateUtteranceTranscribedEvent(transcribed),
      validateUtterancePartialEvent(partial),
      validateUtterancePartialEvent({ ...partial, text: '' }),
    ];

    // Assess
    expect(results.map((result) => result.ok)).toEqual([true, true, true, true, true, true]);
  });

  it.each([
    ['an audio chunk without audio', () => validateAudioChunkEvent({ ...chunk, audio: undefined })],
    ['an audio chunk at an odd sample rate', () => validateAudioChunkEvent({ ...chunk, sampleRate: 12_345 })],
    ['a flush of another kind', () => validateAudioFlushEvent({ ...chunk, kind: 'audioChunk' })],
    ['a claim without timings', () => validateUtteranceClaimedEvent({ ...claimed, timings: undefined })],
    [
      'a transcription with empty text',
      () => validateUtteranceTranscribedEvent({ ...transcribed, text: '' }),
    ],
    [
      'a transcription whose emotion uses the old format',
      () => validateUtteranceTranscribedEvent({ ...transcribed, emotion: { volume: 'loud', rate: 'fast' } }),
    ],
    ['something that is not an object', () => validateUtteranceTranscribedEvent('utteranceTranscribed')],
    [
      'a partial of another kind',
      () => validateUtterancePartialEvent({ ...partial, kind: 'utteranceTranscribed' }),
    ],
    ['a partial without text', () => validateUtterancePartialEvent({ ...partial, text: undefined })],
    [
      'a partial longer than 2000 characters',
      () => validateUtterancePartialEvent({ ...partial, text: 'a'.repeat(2001) }),
    ],
    [
      'a partial with a negative number',
      () => validateUtterancePartialEvent({ ...partial, sequenceNumber: -1 }),
    ],
    [
      'a partial without emittedAt',
      () => validateUtterancePartialEvent({ ...partial, emittedAt: undefined }),
    ],
  ])('answers INVALID_PARAMETERS for %s', (_what, validate) => {
    // Act
    const result = validate();

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });
});
