import { FakeTokenVerifier, SPEAKER_ID } from '../testing/fakes';

// Shared setup of the HTTP handler specs (http*.spec.ts).

/** The bearer token of the session's owner. */
export const OWNER_TOKEN = 'owner-token';
/** The bearer token of another signed-in user. */
export const OTHER_TOKEN = 'other-token';

/**
 * A token verifier that knows the owner's and the other user's tokens.
 *
 * @example
 * jest.mocked(getTokenVerifier).mockReturnValue(speakerTokens());
 */
export function speakerTokens(): FakeTokenVerifier {
  return new FakeTokenVerifier({
    [OWNER_TOKEN]: { userId: SPEAKER_ID, username: 'alice' },
    [OTHER_TOKEN]: { userId: 'someone-else', username: 'mallory' },
  });
}

/**
 * The parsed JSON body of a handler's response.
 *
 * @example
 * expect(bodyOf(result)).toMatchObject({ error: { code: 'INVALID_PARAMETERS' } });
 */
export function bodyOf(result: { body?: string }): Record<string, unknown> {
  return JSON.parse(result.body ?? 'null') as Record<string, unknown>;
}
