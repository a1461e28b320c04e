// The speaker's sign-in as a pure state machine: the form's states and what each answer leads to.
// The effects (the token issuer's POST, Cognito's InitiateAuth) run in the controller, which sends the outcome back.

/** How the stage signs speakers in: a name for the local token issuer, or a Cognito user pool. */
export type SignInMode = 'local' | 'cognito';

/** Why a sign-in did not work; each has a message saying what to do (strings: `signIn.error.<kind>`). */
export type SignInErrorKind =
  | 'missing-username'
  | 'missing-password'
  | 'wrong-password'
  | 'unknown-user'
  | 'passwords-differ'
  | 'password-rejected'
  | 'challenge-expired'
  | 'name-rejected'
  | 'session-expired'
  | 'unreachable'
  | 'unknown';

export type SignInState =
  | { kind: 'idle'; mode: SignInMode; username: string; error?: SignInErrorKind }
  | { kind: 'signing-in'; mode: SignInMode; username: string }
  | {
      kind: 'new-password';
      mode: SignInMode;
      username: string;
      /** Cognito's challenge, answered with the new password. */
      challenge: NewPasswordChallenge;
      submitting: boolean;
      error?: SignInErrorKind;
    }
  | { kind: 'signed-in'; mode: SignInMode; username: string }
  | { kind: 'error'; mode: SignInMode; username: string; error: SignInErrorKind; detail?: string };

/** Cognito's NEW_PASSWORD_REQUIRED challenge: its session and the username it names. */
export interface NewPasswordChallenge {
  session: string;
  username: string;
}

export type SignInEvent =
  | { type: 'submit'; username: string; password?: string }
  | { type: 'succeeded' }
  | { type: 'failed'; error: SignInErrorKind; detail?: string }
  | { type: 'newPasswordRequired'; challenge: NewPasswordChallenge }
  | { type: 'submitNewPassword'; password: string; confirmation: string }
  | { type: 'tokenRejected' }
  | { type: 'signOut' };

/**
 * The form before anyone typed.
 *
 * @example
 * initialSignIn('local'); // { kind: 'idle', mode: 'local', username: '' }
 */
export function initialSignIn(mode: SignInMode): SignInState {
  return { kind: 'idle', mode, username: '' };
}

/**
 * The next sign-in state. Events that do not apply to a state leave it unchanged.
 *
 * @example
 * reduceSignIn(initialSignIn('local'), { type: 'submit', username: 'Ana' }); // { kind: 'signing-in', … }
 */
export function reduceSignIn(state: SignInState, event: SignInEvent): SignInState {
  const { mode } = state;
  switch (event.type) {
    case 'submit': {
      if (state.kind !== 'idle' && state.kind !== 'error') return state;
      const username = event.username.trim();
      if (username === '') return { kind: 'idle', mode, username, error: 'missing-username' };
      if (mode === 'cognito' && !event.password)
        return { kind: 'idle', mode, username, error: 'missing-password' };
      return { kind: 'signing-in', mode, username };
    }
    case 'succeeded':
      if (state.kind === 'signing-in' || (state.kind === 'new-password' && state.submitting))
        return { kind: 'signed-in', mode, username: state.username };
      return state;
    case 'failed':
      if (state.kind === 'signing-in')
        return { kind: 'error', mode, username: state.username, error: event.error, ...detail(event.detail) };
      // An expired challenge cannot be answered any more: back to the form to sign in again.
      if (state.kind === 'new-password' && state.submitting && event.error === 'challenge-expired')
        return { kind: 'error', mode, username: state.username, error: event.error };
      if (state.kind === 'new-password' && state.submitting)
        return { ...state, submitting: false, error: event.error, ...detail(event.detail) };
      return state;
    case 'newPasswordRequired':
      if (state.kind !== 'signing-in') return state;
      return {
        kind: 'new-password',
        mode,
        username: state.username,
        challenge: event.challenge,
        submitting: false,
      };
    case 'submitNewPassword': {
      if (state.kind !== 'new-password' || state.submitting) return state;
      if (event.password === '') return { ...state, error: 'missing-password' };
      if (event.password !== event.confirmation) return { ...state, error: 'passwords-differ' };
      return {
        kind: 'new-password',
        mode,
        username: state.username,
        challenge: state.challenge,
        submitting: true,
      };
    }
    case 'tokenRejected':
      if (state.kind !== 'signed-in') return state;
      return { kind: 'idle', mode, username: state.username, error: 'session-expired' };
    case 'signOut':
      return { kind: 'idle', mode, username: state.kind === 'signed-in' ? state.username : '' };
  }
}

function detail(text: string | undefined): { detail?: string } {
  return text ? { detail: text } : {};
}

/**
 * The username the local token issuer accepts for a typed name (it takes 1–128 of `A-Z a-z 0-9 _ . @ + -`):
 * accents dropped, spaces as dots, anything else left out; undefined when nothing usable remains.
 *
 * @example
 * localUsername('Ana García'); // 'Ana.Garcia'
 */
export function localUsername(name: string): string | undefined {
  const username = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .replace(/\s+/g, '.')
    .replace(/[^\w.@+-]/g, '')
    .slice(0, 128);
  return username === '' ? undefined : username;
}
