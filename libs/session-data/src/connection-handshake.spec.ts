import { HANDSHAKE_GRACE_MS, standsInFor, stillOpening } from './connection-handshake';

const NOW = 1_700_000_000_000;

describe('stillOpening', () => {
  it('holds for a row written within the handshake grace and not after it', () => {
    // Prepare
    const young = { connectedAt: NOW - HANDSHAKE_GRACE_MS + 1 };
    const old = { connectedAt: NOW - HANDSHAKE_GRACE_MS };

    // Act and Assess
    expect(stillOpening(young, NOW)).toBe(true);
    expect(stillOpening(old, NOW)).toBe(false);
  });
});

describe('standsInFor', () => {
  it('names the connection a refreshed row replaced', () => {
    // Prepare
    const row = { connectionId: 'new-1', connectedAt: NOW - 60_000, refreshedFrom: 'old-1' };

    // Act and Assess
    expect(standsInFor(row, NOW)).toEqual(['old-1']);
  });

  it('names the row itself while its handshake may still be running, with what it replaced', () => {
    // Prepare
    const opening = { connectionId: 'new-1', connectedAt: NOW - 1_000 };
    const refreshing = { ...opening, refreshedFrom: 'old-1' };

    // Act and Assess
    expect(standsInFor(opening, NOW)).toEqual(['new-1']);
    expect(standsInFor(refreshing, NOW)).toEqual(['old-1', 'new-1']);
  });

  it('names nothing for an open row that replaced nothing', () => {
    expect(standsInFor({ connectionId: 'c-1', connectedAt: NOW - 60_000 }, NOW)).toEqual([]);
  });
});
