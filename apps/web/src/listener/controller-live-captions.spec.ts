import { readPreferences } from './preferences';
import { coded, setup, flush, transcript } from './controller.harness';

// Live captions as spoken (issue 13): the setting remembered and sent, the live line fed, and the
// choice asked for again when a greeting shows the server lost it.

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

async function livePage(options: { liveCaptions?: boolean } = {}) {
  const page = setup(options);
  page.controller.start();
  await flush();
  page.controller.tap();
  await flush();
  return page;
}

describe('ListenerController: live captions', () => {
  it('joins with the remembered choice, and off by default', async () => {
    expect((await livePage()).connection().options.liveCaptions).toBe(false);
    expect((await livePage({ liveCaptions: true })).connection().options.liveCaptions).toBe(true);
  });

  it('remembers a choice made before the tap and joins with it, sending nothing more', async () => {
    const { controller, connection, storage } = setup();
    controller.start();
    await flush();
    controller.chooseLiveCaptions(true);
    expect(readPreferences(storage).liveCaptions).toBe(true);
    controller.tap();
    await flush();
    expect(connection().options.liveCaptions).toBe(true);
    expect(connection().liveCaptions).toEqual([]);
  });

  it('switches live, shows the words heard so far, and replaces them with the caption', async () => {
    const { controller, connection, storage } = await livePage();
    controller.chooseLiveCaptions(true);
    controller.chooseLiveCaptions(true);
    expect(connection().liveCaptions).toEqual([true]);
    expect(readPreferences(storage).liveCaptions).toBe(true);
    connection().options.onPartial({ sequenceNumber: 0, sourceLanguage: 'en', text: 'hello every' });
    expect(controller.state.partial?.text).toBe('hello every');
    connection().options.onTranscript(transcript(0));
    expect(controller.state.partial).toBeUndefined();
  });

  it('goes back and says so when the server refuses the switch', async () => {
    const { controller, connection } = await livePage();
    connection().liveCaptionsResult = Promise.reject(coded('RATE_LIMIT_EXCEEDED'));
    controller.chooseLiveCaptions(true);
    await flush();
    expect(controller.state).toMatchObject({ liveCaptions: false, notice: 'liveCaptionsFailed' });
  });

  it('keeps a choice made while reconnecting and asks for it when the greeting shows it is not on', async () => {
    const { controller, connection } = await livePage();
    const { onSignal } = connection().options;
    onSignal({ type: 'connectionLost' });
    connection().liveCaptionsResult = Promise.reject(coded('NOT_CONNECTED'));
    controller.chooseLiveCaptions(true);
    await flush();
    expect(controller.state).toMatchObject({ liveCaptions: true, phase: 'reconnecting' });
    expect(controller.state.notice).toBeUndefined();

    connection().liveCaptionsResult = Promise.resolve();
    onSignal({ type: 'joined', paused: false, muted: false, liveCaptions: false });
    await flush();
    expect(connection().liveCaptions).toEqual([true, true]);
    onSignal({ type: 'joined', paused: false, muted: false, liveCaptions: true });
    onSignal({ type: 'joined', paused: false, muted: false });
    expect(connection().liveCaptions).toEqual([true, true]);
  });

  it('shows no live line once the talk ended', async () => {
    const { controller, connection, connections } = await livePage({ liveCaptions: true });
    const old = connection();
    old.options.onSignal({ type: 'sessionEnded' });
    old.options.onPartial({ sequenceNumber: 0, sourceLanguage: 'en', text: 'too late now' });
    expect(controller.state.partial).toBeUndefined();
    expect(connections).toHaveLength(1);
  });
});
