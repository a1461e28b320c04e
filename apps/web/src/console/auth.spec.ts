import { harness, withSession } from './controller.harness';

describe('the console controller', () => {
  describe('signing in', () => {
    it('gets a token from the local issuer with the name', async () => {
      const { controller, ports } = harness();

      await controller.signIn('  Ana ');

      expect(ports.localToken).toHaveBeenCalledWith('http://127.0.0.1:4000/token', 'Ana');
      expect(controller.signInStore.state).toEqual({ kind: 'signed-in', mode: 'local', username: 'Ana' });
    });

    it('asks the local issuer for a name it accepts, and says when none is left', async () => {
      const { controller, ports } = harness();

      await controller.signIn('Ana García');
      expect(ports.localToken).toHaveBeenCalledWith('http://127.0.0.1:4000/token', 'Ana.Garcia');
      expect(controller.signInStore.state).toMatchObject({ kind: 'signed-in', username: 'Ana García' });

      controller.signOut();
      await controller.signIn('李雷');
      expect(controller.signInStore.state).toMatchObject({ kind: 'error', error: 'name-rejected' });
    });

    it('does nothing for a blank name, and shows an unreachable issuer', async () => {
      const localToken = jest
        .fn()
        .mockRejectedValue(Object.assign(new Error('HTTP 502'), { code: 'HTTP_ERROR' }));
      const { controller } = harness({ localToken });

      await controller.signIn(' ');
      expect(localToken).not.toHaveBeenCalled();
      await controller.signIn('Ana');

      expect(controller.signInStore.state).toMatchObject({
        kind: 'error',
        error: 'unreachable',
        detail: 'HTTP 502',
      });
    });

    it('signs in with Cognito, through the new-password step when the password is temporary', async () => {
      const challenge = Object.assign(new Error('a new password is required'), {
        code: 'AUTH_NEW_PASSWORD_REQUIRED',
        session: 'challenge-session',
        username: 'ana-sub',
      });
      const signInWithPassword = jest.fn().mockRejectedValue(challenge);
      const completeNewPassword = jest.fn().mockResolvedValue('new-token');
      const { controller } = harness({
        auth: { kind: 'cognito', region: 'eu-west-1', clientId: 'client' },
        signInWithPassword,
        completeNewPassword,
      });

      await controller.signIn('ana', 'Temp-1');
      expect(signInWithPassword).toHaveBeenCalledWith('ana', 'Temp-1');
      expect(controller.signInStore.state).toMatchObject({
        kind: 'new-password',
        challenge: { session: 'challenge-session', username: 'ana-sub' },
      });

      await controller.submitNewPassword('New-pass-1', 'Other');
      expect(completeNewPassword).not.toHaveBeenCalled();
      await controller.submitNewPassword('New-pass-1', 'New-pass-1');

      expect(completeNewPassword).toHaveBeenCalledWith(
        { session: 'challenge-session', username: 'ana-sub' },
        'New-pass-1',
      );
      expect(controller.signInStore.state.kind).toBe('signed-in');
    });

    it('shows a wrong password, and a new password the pool refuses', async () => {
      const signInWithPassword = jest
        .fn()
        .mockRejectedValueOnce(
          Object.assign(new Error('Incorrect username or password.'), { code: 'AUTH_WRONG_PASSWORD' }),
        )
        .mockRejectedValueOnce(
          Object.assign(new Error('x'), { code: 'AUTH_NEW_PASSWORD_REQUIRED', session: 's', username: '' }),
        );
      const completeNewPassword = jest.fn().mockRejectedValue(
        Object.assign(new Error('Password not long enough'), {
          code: 'AUTH_FAILED',
          cognitoType: 'InvalidPasswordException',
        }),
      );
      const { controller } = harness({
        auth: { kind: 'cognito', region: 'eu-west-1', clientId: 'client' },
        signInWithPassword,
        completeNewPassword,
      });

      await controller.signIn('ana', 'bad');
      expect(controller.signInStore.state).toMatchObject({ kind: 'error', error: 'wrong-password' });
      await controller.signIn('ana', 'Temp-1');
      expect(controller.signInStore.state).toMatchObject({
        kind: 'new-password',
        challenge: { username: 'ana' },
      });
      await controller.submitNewPassword('short', 'short');

      expect(controller.signInStore.state).toMatchObject({
        kind: 'new-password',
        error: 'password-rejected',
        detail: 'Password not long enough',
      });
    });

    it('signs out only when no session is running', async () => {
      const { controller } = await withSession();

      controller.signOut();
      expect(controller.signInStore.state.kind).toBe('signed-in');

      controller.askToEnd();
      await controller.confirmEnd();
      controller.signOut();
      expect(controller.signInStore.state).toEqual({ kind: 'idle', mode: 'local', username: 'Ana' });
    });
  });
});
