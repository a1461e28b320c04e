import { DEFAULT_BROADCAST_STATE, newSessionRecord, toPublicSession } from './session-record';

const NOW_MS = Date.parse('2026-11-02T10:00:00.000Z');

describe('newSessionRecord', () => {
  it('creates an active session with no listeners, broadcasting at full volume', () => {
    // Act
    const record = newSessionRecord({
      sessionId: 'golden-eagle-427',
      speakerId: 'speaker-sub',
      sourceLanguage: 'en',
      qualityTier: 'premium',
      nowMs: NOW_MS,
      ttlHours: 12,
    });

    // Assess
    expect(record).toEqual({
      sessionId: 'golden-eagle-427',
      speakerId: 'speaker-sub',
      sourceLanguage: 'en',
      qualityTier: 'premium',
      status: 'active',
      listenerCount: 0,
      broadcastState: { paused: false, muted: false, volume: 1 },
      createdAt: '2026-11-02T10:00:00.000Z',
      updatedAt: '2026-11-02T10:00:00.000Z',
      expiresAt: '2026-11-02T22:00:00.000Z',
      ttl: Date.parse('2026-11-02T22:00:00.000Z') / 1000,
    });
  });

  it('gives each session its own broadcast state', () => {
    // Prepare
    const input = {
      sessionId: 'golden-eagle-427',
      speakerId: 's',
      sourceLanguage: 'en',
      qualityTier: 'standard' as const,
      nowMs: NOW_MS,
      ttlHours: 1,
    };

    // Act
    const record = newSessionRecord(input);
    record.broadcastState.muted = true;

    // Assess
    expect(DEFAULT_BROADCAST_STATE.muted).toBe(false);
    expect(newSessionRecord(input).broadcastState.muted).toBe(false);
  });
});

describe('toPublicSession', () => {
  it('shows the session without the server-only fields', () => {
    // Prepare
    const record = {
      ...newSessionRecord({
        sessionId: 'golden-eagle-427',
        speakerId: 'speaker-sub',
        sourceLanguage: 'en',
        qualityTier: 'standard',
        nowMs: NOW_MS,
        ttlHours: 12,
      }),
      speakerConnectionId: 'L0SM9cOFvHcCIhw=',
      listenerCount: 7,
    };

    // Act
    const session = toPublicSession(record);

    // Assess
    expect(session).not.toHaveProperty('ttl');
    expect(session).not.toHaveProperty('speakerConnectionId');
    expect(session).toMatchObject({ sessionId: 'golden-eagle-427', listenerCount: 7, status: 'active' });
    expect(Object.keys(session).sort()).toEqual(
      [
        'broadcastState',
        'createdAt',
        'expiresAt',
        'listenerCount',
        'qualityTier',
        'sessionId',
        'sourceLanguage',
        'speakerId',
        'status',
        'updatedAt',
      ].sort(),
    );
  });
});
