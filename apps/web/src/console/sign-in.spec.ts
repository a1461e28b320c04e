import { initialSignIn, localUsername, reduceSignIn } from './sign-in';
import type { SignInState } from './sign-in';

describe('the sign-in state machine', () => {
  it('goes from idle to signing-in with the trimmed name on the local stage (no password needed)', () => {
    const next = reduceSignIn(initialSignIn('local'), { type: 'submit', username: '  Ana ' });

    expect(next).toEqual({ kind: 'signing-in', mode: 'local', username: 'Ana' });
  });

  it('stays idle with missing-username when the name is blank', () => {
    expect(reduceSignIn(initialSignIn('local'), { type: 'submit', username: '   ' })).toEqual({
      kind: 'idle',
      mode: 'local',
      username: '',
      error: 'missing-username',
    });
  });

  it('asks for the password on a Cognito stage before signing in', () => {
    const next = reduceSignIn(initialSignIn('cognito'), { type: 'submit', username: 'ana' });

    expect(next).toMatchObject({ kind: 'idle', username: 'ana', error: 'missing-password' });
    expect(reduceSignIn(next, { type: 'submit', username: 'ana', password: 'secret' }).kind).toBe(
      'signing-in',
    );
  });

  it('is signed in when the token arrives', () => {
    const signingIn = reduceSignIn(initialSignIn('local'), { type: 'submit', username: 'Ana' });

    expect(reduceSignIn(signingIn, { type: 'succeeded' })).toEqual({
      kind: 'signed-in',
      mode: 'local',
      username: 'Ana',
    });
  });

  it('shows the error and lets the speaker try again', () => {
    const signingIn = reduceSignIn(initialSignIn('cognito'), {
      type: 'submit',
      username: 'ana',
      password: 'x',
    });

    const failed = reduceSignIn(signingIn, { type: 'failed', error: 'wrong-password', detail: 'Incorrect' });
    expect(failed).toEqual({
      kind: 'error',
      mode: 'cognito',
      username: 'ana',
      error: 'wrong-password',
      detail: 'Incorrect',
    });
    expect(reduceSignIn(failed, { type: 'submit', username: 'ana', password: 'y' }).kind).toBe('signing-in');
    expect(reduceSignIn(signingIn, { type: 'failed', error: 'unknown-user' })).not.toHaveProperty('detail');
  });

  it('asks for a new password when Cognito requires one, and checks the two entries match', () => {
    const signingIn = reduceSignIn(initialSignIn('cognito'), {
      type: 'submit',
      username: 'ana',
      password: 'temp',
    });
    const required = reduceSignIn(signingIn, {
      type: 'newPasswordRequired',
      challenge: { session: 'session-1', username: 'ana-id' },
    });
    expect(required).toEqual({
      kind: 'new-password',
      mode: 'cognito',
      username: 'ana',
      challenge: { session: 'session-1', username: 'ana-id' },
      submitting: false,
    });

    const differ = reduceSignIn(required, { type: 'submitNewPassword', password: 'a', confirmation: 'b' });
    expect(differ).toMatchObject({ kind: 'new-password', error: 'passwords-differ', submitting: false });
    expect(
      reduceSignIn(required, { type: 'submitNewPassword', password: '', confirmation: '' }),
    ).toMatchObject({
      error: 'missing-password',
    });

    const submitting = reduceSignIn(differ, {
      type: 'submitNewPassword',
      password: 'Long-pass-1',
      confirmation: 'Long-pass-1',
    });
    expect(submitting).toEqual({
      kind: 'new-password',
      mode: 'cognito',
      username: 'ana',
      challenge: { session: 'session-1', username: 'ana-id' },
      submitting: true,
    });
    expect(reduceSignIn(submitting, { type: 'submitNewPassword', password: 'x', confirmation: 'x' })).toBe(
      submitting,
    );
  });

  it('keeps the new-password step when Cognito refuses the new password, and signs in when it accepts', () => {
    const submitting: SignInState = {
      kind: 'new-password',
      mode: 'cognito',
      username: 'ana',
      challenge: { session: 's', username: 'ana' },
      submitting: true,
    };

    expect(reduceSignIn(submitting, { type: 'failed', error: 'password-rejected' })).toMatchObject({
      kind: 'new-password',
      submitting: false,
      error: 'password-rejected',
    });
    expect(reduceSignIn(submitting, { type: 'succeeded' }).kind).toBe('signed-in');
    expect(reduceSignIn(submitting, { type: 'failed', error: 'challenge-expired' })).toEqual({
      kind: 'error',
      mode: 'cognito',
      username: 'ana',
      error: 'challenge-expired',
    });
  });

  it('goes back to the form with session-expired when the server rejects the token', () => {
    const signedIn: SignInState = { kind: 'signed-in', mode: 'local', username: 'Ana' };

    expect(reduceSignIn(signedIn, { type: 'tokenRejected' })).toEqual({
      kind: 'idle',
      mode: 'local',
      username: 'Ana',
      error: 'session-expired',
    });
    expect(reduceSignIn(signedIn, { type: 'signOut' })).toEqual({
      kind: 'idle',
      mode: 'local',
      username: 'Ana',
    });
    expect(reduceSignIn(initialSignIn('local'), { type: 'signOut' })).toEqual(initialSignIn('local'));
  });

  it('ignores events that do not apply to the current state', () => {
    const idle = initialSignIn('local');
    const signingIn = reduceSignIn(idle, { type: 'submit', username: 'Ana' });

    expect(reduceSignIn(idle, { type: 'succeeded' })).toBe(idle);
    expect(reduceSignIn(idle, { type: 'failed', error: 'unknown' })).toBe(idle);
    expect(
      reduceSignIn(idle, { type: 'newPasswordRequired', challenge: { session: 'x', username: 'x' } }),
    ).toBe(idle);
    expect(reduceSignIn(idle, { type: 'submitNewPassword', password: 'a', confirmation: 'a' })).toBe(idle);
    expect(reduceSignIn(idle, { type: 'tokenRejected' })).toBe(idle);
    expect(reduceSignIn(signingIn, { type: 'submit', username: 'Bob' })).toBe(signingIn);
  });
});

describe('the local username', () => {
  it('turns a typed name into one the local token issuer accepts', () => {
    expect(localUsername('Ana García')).toBe('Ana.Garcia');
    expect(localUsername('  Jean-Luc  Picard ')).toBe('Jean-Luc.Picard');
    expect(localUsername('ana@example.org')).toBe('ana@example.org');
    expect(localUsername('x'.repeat(200))).toHaveLength(128);
    expect(localUsername('李雷')).toBeUndefined();
  });
});
