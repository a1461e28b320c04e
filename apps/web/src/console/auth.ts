// Signing the speaker in and keeping the token: the local issuer (a name) or Cognito (a password and, the
// first time, a new one). The controller hands its sign-in store in and asks here for the current token.
import type { ConsolePorts } from './ports';
import { errorCode, signInErrorOf } from './problems';
import type { NewPasswordChallenge, SignInEvent, SignInState } from './sign-in';
import { localUsername } from './sign-in';
import type { Store } from './store';

/** The local issuer's tokens last an hour; a new one is fetched after this long. */
const LOCAL_TOKEN_MS = 50 * 60_000;

type AuthPorts = Pick<
  ConsolePorts,
  'auth' | 'localToken' | 'signInWithPassword' | 'completeNewPassword' | 'clock'
>;

/**
 * The speaker's sign-in: it runs the sign-in store's effects and keeps the token they give.
 *
 * @example
 * const auth = new SpeakerAuth(ports, createStore(reduceSignIn, initialSignIn('local')));
 * await auth.signIn('Ana');
 * await auth.currentToken(); // the ID token
 */
export class SpeakerAuth {
  private token: { value: string; fetchedAt: number } | undefined;

  constructor(
    private readonly ports: AuthPorts,
    readonly store: Store<SignInState, SignInEvent>,
  ) {}

  async signIn(username: string, password?: string): Promise<void> {
    const state = this.store.dispatch({ type: 'submit', username, ...(password ? { password } : {}) });
    if (state.kind !== 'signing-in') return;
    const { auth } = this.ports;
    try {
      const token =
        auth.kind === 'local'
          ? await this.ports.localToken(auth.tokenUrl, this.localName(state.username))
          : await this.ports.signInWithPassword(state.username, password ?? '');
      this.keepToken(token);
      this.store.dispatch({ type: 'succeeded' });
    } catch (error) {
      const challenge = challengeOf(error, state.username);
      if (challenge) this.store.dispatch({ type: 'newPasswordRequired', challenge });
      else this.store.dispatch({ type: 'failed', error: signInErrorOf(error), ...detailOf(error) });
    }
  }

  async submitNewPassword(password: string, confirmation: string): Promise<void> {
    const state = this.store.dispatch({ type: 'submitNewPassword', password, confirmation });
    if (state.kind !== 'new-password' || !state.submitting) return;
    try {
      this.keepToken(await this.ports.completeNewPassword(state.challenge, password));
      this.store.dispatch({ type: 'succeeded' });
    } catch (error) {
      this.store.dispatch({ type: 'failed', error: signInErrorOf(error, true), ...detailOf(error) });
    }
  }

  signOut(): void {
    this.token = undefined;
    this.store.dispatch({ type: 'signOut' });
  }

  /** The speaker's token, fetched again from the local issuer when it is old (Cognito's lasts the sign-in). */
  async currentToken(): Promise<string> {
    const { auth } = this.ports;
    const signIn = this.store.state;
    if (!this.token) throw Object.assign(new Error('not signed in'), { code: 'UNAUTHORIZED' });
    if (auth.kind === 'local' && this.ports.clock.now() - this.token.fetchedAt > LOCAL_TOKEN_MS)
      this.keepToken(await this.ports.localToken(auth.tokenUrl, this.localName(signIn.username)));
    return this.token.value;
  }

  /** The name as the local issuer accepts it (the console keeps showing the name as typed). */
  private localName(name: string): string {
    const username = localUsername(name);
    if (!username)
      throw Object.assign(new Error('no usable characters in the name'), { code: 'AUTH_NAME_REJECTED' });
    return username;
  }

  private keepToken(value: string): void {
    this.token = { value, fetchedAt: this.ports.clock.now() };
  }
}

/** The new-password challenge a sign-in was answered with (the library's NewPasswordRequiredError). */
function challengeOf(error: unknown, username: string): NewPasswordChallenge | undefined {
  if (errorCode(error) !== 'AUTH_NEW_PASSWORD_REQUIRED') return undefined;
  const { session, username: named } = error as { session?: unknown; username?: unknown };
  if (typeof session !== 'string') return undefined;
  return { session, username: typeof named === 'string' && named ? named : username };
}

function detailOf(error: unknown): { detail?: string } {
  return error instanceof Error && error.message ? { detail: error.message } : {};
}
