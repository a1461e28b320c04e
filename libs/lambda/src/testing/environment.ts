/**
 * Sets environment variables for the tests of the file (or `describe` block) it is called in, and puts
 * the whole environment back after them, so configuration read at first use sees test values only.
 *
 * @example
 * useEnvironment({ STAGE: 'test', SPEECH_PROVIDER: 'offline' });
 * it('wires the configured engine', () => expect(getDeps().speechToText).toBeInstanceOf(PocketsphinxSpeechToText));
 */
export function useEnvironment(variables: Readonly<Record<string, string>>): void {
  const saved = { ...process.env };
  beforeAll(() => {
    Object.assign(process.env, variables);
  });
  afterAll(() => {
    process.env = saved;
  });
}
