// Sign in: a name on the local stage, a username and password (and a new-password step) with Cognito.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { useConsole, useStore } from './context';

/**
 * The sign-in form of the stage's kind (a name, or username and password), with its new-password step.
 *
 * @example
 * {signIn.kind !== 'signed-in' && <SignInForm />}
 */
export function SignInForm() {
  const { translator, controller } = useConsole();
  const { t } = translator;
  const state = useStore(controller.signInStore);
  const [username, setUsername] = useState(state.username);
  const [password, setPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const busy = state.kind === 'signing-in' || (state.kind === 'new-password' && state.submitting);
  const error =
    state.kind === 'idle' || state.kind === 'error' || state.kind === 'new-password'
      ? state.error
      : undefined;

  const choosingPassword = state.kind === 'new-password';
  useEffect(() => {
    if (choosingPassword) heading.current?.focus();
  }, [choosingPassword]);

  if (state.kind === 'new-password') {
    return (
      <form
        class="card narrow"
        aria-labelledby="sign-in-title"
        onSubmit={(event) => {
          event.preventDefault();
          void controller.submitNewPassword(newPassword, confirmation);
        }}
      >
        <h2 id="sign-in-title" tabIndex={-1} ref={heading}>
          {t('signIn.newPasswordTitle')}
        </h2>
        <p>{t('signIn.newPasswordHelp')}</p>
        <label for="new-password">{t('signIn.newPassword')}</label>
        <input
          id="new-password"
          type="password"
          autocomplete="new-password"
          value={newPassword}
          onInput={(event) => setNewPassword(event.currentTarget.value)}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'sign-in-error' : undefined}
        />
        <label for="new-password-again">{t('signIn.newPasswordAgain')}</label>
        <input
          id="new-password-again"
          type="password"
          autocomplete="new-password"
          value={confirmation}
          onInput={(event) => setConfirmation(event.currentTarget.value)}
        />
        {error && <ErrorText id="sign-in-error" text={t(`signIn.error.${error}`)} />}
        <button class="primary" type="submit" disabled={busy}>
          {busy ? t('signIn.submitting') : t('signIn.newPasswordSubmit')}
        </button>
      </form>
    );
  }

  const local = state.mode === 'local';
  return (
    <form
      class="card narrow"
      aria-labelledby="sign-in-title"
      onSubmit={(event) => {
        event.preventDefault();
        void controller.signIn(username, local ? undefined : password);
      }}
    >
      <h2 id="sign-in-title" tabIndex={-1} ref={heading}>
        {t('signIn.title')}
      </h2>
      {local && <p class="hint">{t('signIn.localHelp')}</p>}
      <label for="username">{local ? t('signIn.name') : t('signIn.username')}</label>
      <input
        id="username"
        name="username"
        autoFocus
        autocomplete={local ? 'name' : 'username'}
        value={username}
        onInput={(event) => setUsername(event.currentTarget.value)}
        aria-invalid={error === 'missing-username' || error === 'unknown-user' ? 'true' : undefined}
        aria-describedby={error ? 'sign-in-error' : undefined}
      />
      {!local && (
        <>
          <label for="password">{t('signIn.password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
            aria-invalid={error === 'missing-password' || error === 'wrong-password' ? 'true' : undefined}
            aria-describedby={error ? 'sign-in-error' : undefined}
          />
        </>
      )}
      {error && <ErrorText id="sign-in-error" text={t(`signIn.error.${error}`)} />}
      <button class="primary" type="submit" disabled={busy}>
        {busy ? t('signIn.submitting') : t('signIn.submit')}
      </button>
    </form>
  );
}

/**
 * An error announced as soon as it appears (role=alert).
 *
 * @example
 * <ErrorText id="sign-in-error" text={t('signIn.error.wrong-password')} />
 */
export function ErrorText({
  id,
  text,
  children,
}: {
  id?: string;
  text: string;
  children?: ComponentChildren;
}) {
  return (
    <div id={id} class="problem" role="alert">
      <p>{text}</p>
      {children}
    </div>
  );
}
