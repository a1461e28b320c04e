import { CLIENT_ACTIONS, LISTENER_ACTIONS, SPEAKER_ACTIONS } from './client-messages';
import { CLIENT_MESSAGE_SCHEMAS } from './schemas';

describe('client actions', () => {
  it('has one schema for every action, and no schema without an action', () => {
    // Act
    const schemaNames = Object.keys(CLIENT_MESSAGE_SCHEMAS);

    // Assess
    expect([...schemaNames].sort()).toEqual([...CLIENT_ACTIONS].sort());
  });

  it('gives no action to both speakers only and listeners only', () => {
    // Act
    const both = SPEAKER_ACTIONS.filter((action) => LISTENER_ACTIONS.includes(action));

    // Assess
    expect(both).toEqual([]);
  });

  it('restricts only actions that exist', () => {
    // Act
    const restricted = [...SPEAKER_ACTIONS, ...LISTENER_ACTIONS];

    // Assess
    for (const action of restricted) expect(CLIENT_ACTIONS).toContain(action);
  });

  it('lets only listeners change their language, their captions-only mode and their live captions', () => {
    // Assess
    expect(LISTENER_ACTIONS).toEqual(
      expect.arrayContaining(['changeLanguage', 'setCaptionsOnly', 'setLiveCaptions']),
    );
  });

  it('lets both roles send heartbeats, refresh their connection and ask for the status', () => {
    // Act
    const restricted = new Set([...SPEAKER_ACTIONS, ...LISTENER_ACTIONS]);

    // Assess
    expect(restricted.has('heartbeat')).toBe(false);
    expect(restricted.has('refreshConnection')).toBe(false);
    expect(restricted.has('getSessionStatus')).toBe(false);
  });
});
