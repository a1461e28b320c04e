import { CLIENT_ACTIONS, LIMITS } from '@lingocast/contract';
import type { ClientAction, ErrorCode } from '@lingocast/contract';
import { parseClientMessage } from './validators';

// The JSON-schema examples: for every action at least one message the server accepts and one it
// refuses, plus the envelope and size rules that apply before any action's schema.

const AUDIO = Buffer.from(new Uint8Array(640)).toString('base64');

const VALID: Array<[ClientAction, Record<string, unknown>]> = [
  ['createSession', { action: 'createSession', sourceLanguage: 'en' }],
  [
    'createSession',
    { action: 'createSession', sourceLanguage: 'pt-BR', qualityTier: 'premium', requestId: 'r-1' },
  ],
  ['joinSession', { action: 'joinSession' }],
  ['heartbeat', { action: 'heartbeat' }],
  ['heartbeat', { action: 'heartbeat', requestId: 'x'.repeat(128) }],
  ['refreshConnection', { action: 'refreshConnection', previousConnectionId: 'L0SM9cOFvHcCIhw=' }],
  ['sendAudio', { action: 'sendAudio', sequenceNumber: 0, audio: AUDIO }],
  [
    'sendAudio',
    {
      action: 'sendAudio',
      sequenceNumber: 41,
      audio: AUDIO,
      encoding: 'pcm_s16le',
      sampleRate: 48_000,
      channels: 1,
    },
  ],
  ['pauseBroadcast', { action: 'pauseBroadcast' }],
  ['resumeBroadcast', { action: 'resumeBroadcast' }],
  ['muteBroadcast', { action: 'muteBroadcast' }],
  ['unmuteBroadcast', { action: 'unmuteBroadcast' }],
  ['setVolume', { action: 'setVolume', volume: 0 }],
  ['setVolume', { action: 'setVolume', volume: 0.35 }],
  ['setVolume', { action: 'setVolume', volume: 1 }],
  ['getSessionStatus', { action: 'getSessionStatus' }],
  ['changeLanguage', { action: 'changeLanguage', targetLanguage: 'es' }],
  ['endSession', { action: 'endSession', requestId: 'end-1' }],
  ['setCaptionsOnly', { action: 'setCaptionsOnly', captionsOnly: true }],
  ['setCaptionsOnly', { action: 'setCaptionsOnly', captionsOnly: false, requestId: 'captions-1' }],
  ['setLiveCaptions', { action: 'setLiveCaptions', liveCaptions: true }],
  ['setLiveCaptions', { action: 'setLiveCaptions', liveCaptions: false, requestId: 'live-1' }],
  ['replay', { action: 'replay', afterSequenceNumber: 41 }],
  ['replay', { action: 'replay', afterSequenceNumber: 0, captionsOnly: true, requestId: 'replay-1' }],
  ['replay', { action: 'replay', recent: 20 }],
  ['replay', { action: 'replay', afterSequenceNumber: -1 }],
];

const INVALID_PARAMETERS: Array<[ClientAction, string, Record<string, unknown>]> = [
  ['createSession', 'without a source language', { action: 'createSession' }],
  ['createSession', 'with a malformed language', { action: 'createSession', sourceLanguage: 'english' }],
  [
    'createSession',
    'with an unknown quality tier',
    { action: 'createSession', sourceLanguage: 'en', qualityTier: 'gold' },
  ],
  ['joinSession', 'with an unknown field', { action: 'joinSession', sessionId: 'golden-eagle-427' }],
  ['heartbeat', 'with an unknown field', { action: 'heartbeat', sentAt: 1 }],
  ['refreshConnection', 'without the previous connection', { action: 'refreshConnection' }],
  [
    'refreshConnection',
    'with an empty previous connection',
    { action: 'refreshConnection', previousConnectionId: '' },
  ],
  ['sendAudio', 'without audio', { action: 'sendAudio', sequenceNumber: 0 }],
  ['sendAudio', 'without a sequence number', { action: 'sendAudio', audio: AUDIO }],
  ['sendAudio', 'with a negative sequence number', { action: 'sendAudio', sequenceNumber: -1, audio: AUDIO }],
  [
    'sendAudio',
    'with a fractional sequence number',
    { action: 'sendAudio', sequenceNumber: 1.5, audio: AUDIO },
  ],
  [
    'sendAudio',
    'with audio that is not base64',
    { action: 'sendAudio', sequenceNumber: 0, audio: 'not base64!' },
  ],
  [
    'sendAudio',
    'with an unknown encoding',
    { action: 'sendAudio', sequenceNumber: 0, audio: AUDIO, encoding: 'opus' },
  ],
  [
    'sendAudio',
    'with an unsupported sample rate',
    { action: 'sendAudio', sequenceNumber: 0, audio: AUDIO, sampleRate: 11_025 },
  ],
  ['sendAudio', 'in stereo', { action: 'sendAudio', sequenceNumber: 0, audio: AUDIO, channels: 2 }],
  ['pauseBroadcast', 'with an unknown field', { action: 'pauseBroadcast', reason: 'coffee' }],
  ['resumeBroadcast', 'with an unknown field', { action: 'resumeBroadcast', now: true }],
  ['muteBroadcast', 'with an unknown field', { action: 'muteBroadcast', muted: true }],
  ['unmuteBroadcast', 'with an unknown field', { action: 'unmuteBroadcast', muted: false }],
  ['setVolume', 'without a volume', { action: 'setVolume' }],
  ['setVolume', 'above 1', { action: 'setVolume', volume: 1.01 }],
  ['setVolume', 'below 0', { action: 'setVolume', volume: -0.1 }],
  ['setVolume', 'as a string', { action: 'setVolume', volume: '0.5' }],
  ['getSessionStatus', 'with an unknown field', { action: 'getSessionStatus', verbose: true }],
  ['changeLanguage', 'without a target language', { action: 'changeLanguage' }],
  ['changeLanguage', 'with a malformed target language', { action: 'changeLanguage', targetLanguage: 'ES' }],
  ['endSession', 'with an unknown field', { action: 'endSession', sessionId: 'golden-eagle-427' }],
  ['setCaptionsOnly', 'without the flag', { action: 'setCaptionsOnly' }],
  ['setCaptionsOnly', 'with the flag as a string', { action: 'setCaptionsOnly', captionsOnly: 'true' }],
  ['setCaptionsOnly', 'with the flag as a number', { action: 'setCaptionsOnly', captionsOnly: 1 }],
  ['setLiveCaptions', 'without the flag', { action: 'setLiveCaptions' }],
  ['setLiveCaptions', 'with the flag as a string', { action: 'setLiveCaptions', liveCaptions: 'true' }],
  ['setLiveCaptions', 'with an unknown field', { action: 'setLiveCaptions', liveCaptions: true, rate: 3 }],
  ['replay', 'asking for neither the missed nor the recent', { action: 'replay' }],
  ['replay', 'asking for both', { action: 'replay', afterSequenceNumber: 3, recent: 5 }],
  ['replay', 'with a sequence number below -1', { action: 'replay', afterSequenceNumber: -2 }],
  ['replay', 'with a fractional sequence number', { action: 'replay', afterSequenceNumber: 1.5 }],
  ['replay', 'asking for more than 20 recent captions', { action: 'replay', recent: 21 }],
  ['replay', 'asking for no recent caption', { action: 'replay', recent: 0 }],
];

/** A message of `action` padded (in an unknown field, which size checks see before the schema) to `bytes`. */
function paddedTo(action: string, bytes: number, fields: Record<string, unknown> = {}): string {
  const empty = JSON.stringify({ action, ...fields, padding: '' });
  return JSON.stringify({ action, ...fields, padding: 'x'.repeat(bytes - empty.length) });
}

describe('parseClientMessage examples', () => {
  it('has valid and invalid examples for every action', () => {
    // Act
    const withValid = new Set(VALID.map(([action]) => action));
    const withInvalid = new Set(INVALID_PARAMETERS.map(([action]) => action));

    // Assess
    expect([...withValid].sort()).toEqual([...CLIENT_ACTIONS].sort());
    expect([...withInvalid].sort()).toEqual([...CLIENT_ACTIONS].sort());
  });

  it.each(VALID)('accepts a valid %s message: %j', (_action, message) => {
    // Prepare
    const raw = JSON.stringify(message);

    // Act
    const result = parseClientMessage(raw);

    // Assess
    expect(result).toEqual({ ok: true, value: message });
  });

  it.each(INVALID_PARAMETERS)('answers INVALID_PARAMETERS for %s %s', (_action, _why, message) => {
    // Prepare
    const raw = JSON.stringify(message);

    // Act
    const result = parseClientMessage(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
  });

  it.each<[string, string | null | undefined, ErrorCode]>([
    ['an empty body', '', 'INVALID_MESSAGE'],
    ['a missing body', undefined, 'INVALID_MESSAGE'],
    ['a null body', null, 'INVALID_MESSAGE'],
    ['text that is not JSON', 'hello', 'INVALID_MESSAGE'],
    ['truncated JSON', '{"action":"heartbeat"', 'INVALID_MESSAGE'],
    ['a JSON array', '[{"action":"heartbeat"}]', 'INVALID_MESSAGE'],
    ['a JSON string', '"heartbeat"', 'INVALID_MESSAGE'],
    ['JSON null', 'null', 'INVALID_MESSAGE'],
    ['an object without action', '{"requestId":"r-1"}', 'INVALID_MESSAGE'],
    ['a numeric action', '{"action":3}', 'INVALID_MESSAGE'],
    ['an empty action', '{"action":""}', 'INVALID_MESSAGE'],
    // The envelope checks requestId too: a reply could not echo a malformed one.
    ['an empty request id', '{"action":"heartbeat","requestId":""}', 'INVALID_MESSAGE'],
    ['a numeric request id', '{"action":"endSession","requestId":7}', 'INVALID_MESSAGE'],
    [
      'a request id over 128 characters',
      `{"action":"heartbeat","requestId":"${'x'.repeat(129)}"}`,
      'INVALID_MESSAGE',
    ],
    ['an unknown action', '{"action":"launchRocket"}', 'INVALID_ACTION'],
    ['an action in the wrong case', '{"action":"HEARTBEAT"}', 'INVALID_ACTION'],
    ['the $default route name', '{"action":"$default"}', 'INVALID_ACTION'],
  ])('answers %s with %s', (_what, raw, code) => {
    // Act
    const result = parseClientMessage(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code });
  });
});

describe('parseClientMessage size limits', () => {
  it('accepts a control message of exactly 4 KB', () => {
    // Prepare
    const raw = JSON.stringify({ action: 'setVolume', volume: 0.5, requestId: 'r' });
    const limit = LIMITS.maxControlMessageBytes;
    const padded = `${raw}${' '.repeat(limit - raw.length)}`;

    // Act
    const result = parseClientMessage(padded);

    // Assess
    expect(Buffer.byteLength(padded)).toBe(limit);
    expect(result).toEqual({ ok: true, value: { action: 'setVolume', volume: 0.5, requestId: 'r' } });
  });

  it.each(CLIENT_ACTIONS.filter((action) => action !== 'sendAudio').map((action) => [action]))(
    'answers MESSAGE_TOO_LARGE for a %s message over 4 KB',
    (action) => {
      // Prepare
      const raw = paddedTo(action, LIMITS.maxControlMessageBytes + 1);

      // Act
      const result = parseClientMessage(raw);

      // Assess
      expect(result).toMatchObject({ ok: false, code: 'MESSAGE_TOO_LARGE' });
    },
  );

  it('counts bytes, not characters: 1,500 euro signs are over 4 KB', () => {
    // Prepare
    const raw = JSON.stringify({ action: 'changeLanguage', targetLanguage: 'es', note: '€'.repeat(1500) });

    // Act
    const result = parseClientMessage(raw);

    // Assess
    expect(raw.length).toBeLessThan(LIMITS.maxControlMessageBytes);
    expect(result).toMatchObject({ ok: false, code: 'MESSAGE_TOO_LARGE' });
  });

  it('accepts a sendAudio message of 20 KB, over the control limit', () => {
    // Prepare
    const audio = Buffer.alloc(15_000, 7).toString('base64');
    const message = { action: 'sendAudio', sequenceNumber: 3, audio };

    // Act
    const result = parseClientMessage(JSON.stringify(message));

    // Assess
    expect(JSON.stringify(message).length).toBeGreaterThan(LIMITS.maxControlMessageBytes);
    expect(result).toEqual({ ok: true, value: message });
  });

  it('answers MESSAGE_TOO_LARGE for a sendAudio message over 32 KB', () => {
    // Prepare
    const audio = Buffer.alloc(25_000, 7).toString('base64');
    const raw = JSON.stringify({ action: 'sendAudio', sequenceNumber: 3, audio });

    // Act
    const result = parseClientMessage(raw);

    // Assess
    expect(raw.length).toBeGreaterThan(LIMITS.maxAudioMessageBytes);
    expect(result).toMatchObject({ ok: false, code: 'MESSAGE_TOO_LARGE' });
  });

  it.each([
    [
      'a sendAudio message',
      paddedTo('sendAudio', LIMITS.maxMessageBytes + 1, { sequenceNumber: 0, audio: AUDIO }),
    ],
    ['an unknown action', paddedTo('launchRocket', LIMITS.maxMessageBytes + 1)],
    ['text that is not JSON', 'x'.repeat(LIMITS.maxMessageBytes + 1)],
  ])('answers MESSAGE_TOO_LARGE for %s over 128 KB, before reading it', (_what, raw) => {
    // Act
    const result = parseClientMessage(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'MESSAGE_TOO_LARGE' });
  });

  it('checks the size before the schema, so an oversized message is never parsed field by field', () => {
    // Prepare
    const raw = paddedTo('setVolume', LIMITS.maxControlMessageBytes + 1, { volume: 7 });

    // Act
    const result = parseClientMessage(raw);

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'MESSAGE_TOO_LARGE' });
  });
});
