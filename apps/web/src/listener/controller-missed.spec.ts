import { ARRIVAL_HISTORY } from './controller';
import { setup, flush, transcript } from './controller.harness';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

async function live() {
  const page = setup();
  page.controller.start();
  await flush();
  page.controller.tap();
  await flush();
  return page;
}

describe('ListenerController: history on arrival and what a drop made the listener miss', () => {
  it('asks for the last 3 captions on arrival, so the page is not empty', async () => {
    const { connection } = await live();
    expect(ARRIVAL_HISTORY).toBe(3);
    expect(connection().options.history).toBe(3);
  });

  it('keeps when the server sent each caption, for the pace of the talk', async () => {
    const { controller, connection } = await live();
    connection().options.onTranscript({ ...transcript(4), timestamp: 1_700_000_000_000 });
    expect(controller.state.captions[0]).toMatchObject({ sequenceNumber: 4, sentAt: 1_700_000_000_000 });
  });

  it('shows what was missed until the listener dismisses it', async () => {
    const { controller, connection } = await live();

    connection().options.onMissed(8);
    const shown = controller.state.missed;
    controller.dismissMissed();

    expect(shown).toEqual({ count: 8, seconds: 40 });
    expect(controller.state.missed).toBeUndefined();
  });

  it('ignores what a connection it left reports', async () => {
    // Prepare: the first connection gave up; the listener tried again and is live on a second one
    const { controller, connections } = await live();
    connections[0]?.options.onSignal({ type: 'reconnectFailed' });
    controller.retry();
    await flush();
    controller.tap();
    await flush();

    // Act
    connections[0]?.options.onMissed(3);

    // Assess
    expect(connections).toHaveLength(2);
    expect(controller.state.phase).toBe('live');
    expect(controller.state.missed).toBeUndefined();
  });
});
