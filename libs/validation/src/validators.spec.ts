import { LIMITS } from '@lingocast/contract';
import type { SchemaError } from './compiled-validator';
import {
  decodedByteLength,
  describeErrors,
  parseClientMessage,
  peekAction,
  peekRequestId,
} from './validators';

describe('describeErrors', () => {
  function error(overrides: Partial<SchemaError>): SchemaError {
    return { keyword: 'type', instancePath: '', schemaPath: '#', params: {}, ...overrides };
  }

  it('names the unknown field', () => {
    // Act
    const text = describeErrors([
      error({ keyword: 'additionalProperties', params: { additionalProperty: 'colour' } }),
    ]);

    // Assess
    expect(text).toBe("message has an unknown field 'colour'");
  });

  it('names the missing field', () => {
    // Act
    const text = describeErrors([error({ keyword: 'required', params: { missingProperty: 'volume' } })]);

    // Assess
    expect(text).toBe("message needs 'volume'");
  });

  it('points at nested fields with dots', () => {
    // Act
    const text = describeErrors([
      error({ instancePath: '/emotion/volume/rmsDb', message: 'must be number' }),
    ]);

    // Assess
    expect(text).toBe('emotion.volume.rmsDb must be number');
  });

  it('says something useful when ajv gave no message or no errors', () => {
    // Act
    const withoutMessage = describeErrors([error({ instancePath: '/volume' })]);
    const withoutErrors = [describeErrors(null), describeErrors(undefined), describeErrors([])];

    // Assess
    expect(withoutMessage).toBe('volume is invalid');
    expect(withoutErrors).toEqual(['invalid value', 'invalid value', 'invalid value']);
  });
});

describe('parseClientMessage reasons', () => {
  it('tells the client which field is unknown', () => {
    // Act
    const result = parseClientMessage('{"action":"heartbeat","colour":"red"}');

    // Assess
    expect(result).toEqual({
      ok: false,
      code: 'INVALID_PARAMETERS',
      message: "message has an unknown field 'colour'",
    });
  });

  it('tells the client which action is unknown', () => {
    // Act
    const result = parseClientMessage('{"action":"launchRocket"}');

    // Assess
    expect(result).toEqual({ ok: false, code: 'INVALID_ACTION', message: "unknown action 'launchRocket'" });
  });

  it('states the size and the limit of an oversized message', () => {
    // Prepare
    const raw = JSON.stringify({ action: 'heartbeat', padding: 'x'.repeat(5000) });

    // Act
    const result = parseClientMessage(raw);

    // Assess
    expect(result).toEqual({
      ok: false,
      code: 'MESSAGE_TOO_LARGE',
      message: `heartbeat message is ${raw.length} bytes; the limit is ${LIMITS.maxControlMessageBytes}`,
    });
  });
});

describe('parseClientMessage audio', () => {
  it.each([
    ['AAAA', 3],
    ['AAA=', 2],
    ['AA==', 1],
    ['AAAAAA', 4],
  ])('measures %s as %i decoded bytes without decoding it', (base64, bytes) => {
    expect(decodedByteLength(base64)).toBe(bytes);
    expect(decodedByteLength(base64)).toBe(Buffer.from(base64, 'base64').length);
  });

  it('refuses PCM16 audio that is not whole samples', () => {
    // Act
    const result = parseClientMessage('{"action":"sendAudio","sequenceNumber":1,"audio":"AAAA"}');

    // Assess
    expect(result).toMatchObject({ ok: false, code: 'INVALID_PARAMETERS' });
    expect(result.ok ? '' : result.message).toMatch(/even number of bytes/);
  });

  it('accepts whole samples, padded or not', () => {
    for (const audio of ['AAA=', 'AAAAAA', Buffer.alloc(320).toString('base64')]) {
      expect(parseClientMessage(JSON.stringify({ action: 'sendAudio', sequenceNumber: 1, audio })).ok).toBe(
        true,
      );
    }
  });
});

describe('peekRequestId', () => {
  it('reads the request id of a message that fails validation', () => {
    // Act
    const requestId = peekRequestId('{"action":"launchRocket","requestId":"r-42"}');

    // Assess
    expect(requestId).toBe('r-42');
  });

  it.each([
    ['no body', undefined],
    ['an empty body', ''],
    ['text that is not JSON', 'not json'],
    ['JSON null', 'null'],
    ['no requestId field', '{"action":"heartbeat"}'],
    ['a numeric requestId', '{"requestId":42}'],
    ['a requestId over 128 characters', `{"requestId":"${'x'.repeat(129)}"}`],
    ['a body over 128 KB', `{"requestId":"r-1","padding":"${'x'.repeat(LIMITS.maxMessageBytes)}"}`],
  ])('gives nothing for %s', (_what, raw) => {
    // Act
    const requestId = peekRequestId(raw);

    // Assess
    expect(requestId).toBeUndefined();
  });
});

describe('peekAction', () => {
  it('reads the action of a message, known or not', () => {
    // Act
    const actions = [peekAction('{"action":"heartbeat"}'), peekAction('{"action":"launchRocket","x":1}')];

    // Assess
    expect(actions).toEqual(['heartbeat', 'launchRocket']);
  });

  it('cuts a long action name to 64 characters for logs', () => {
    // Act
    const action = peekAction(JSON.stringify({ action: 'a'.repeat(500) }));

    // Assess
    expect(action).toBe('a'.repeat(64));
  });

  it.each([
    ['no body', null],
    ['an empty body', ''],
    ['text that is not JSON', '{'],
    ['JSON null', 'null'],
    ['a numeric action', '{"action":1}'],
    [
      'a body over 128 KB',
      JSON.stringify({ action: 'heartbeat', padding: 'x'.repeat(LIMITS.maxMessageBytes) }),
    ],
  ])('gives nothing for %s', (_what, raw) => {
    // Act
    const action = peekAction(raw);

    // Assess
    expect(action).toBeUndefined();
  });
});
