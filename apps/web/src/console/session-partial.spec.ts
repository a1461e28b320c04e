import { reduceSession } from './session';
import type { SessionEvent } from './session';
import { createdState, liveState, run } from './session.harness';

// The live line (issue 13): the words heard so far of the utterance in progress, until its line comes.

const partial = (sequenceNumber: number, text: string): SessionEvent => ({
  type: 'transcriptPartial',
  sequenceNumber,
  text,
});
const final = (sequenceNumber: number, text: string): SessionEvent => ({
  type: 'transcript',
  sequenceNumber,
  text,
});

describe('the session state machine: the live line', () => {
  it('shows the words heard so far, the latest replacing the earlier', () => {
    const state = run([partial(0, 'the'), partial(0, 'the church')], liveState);
    expect(state.partial).toEqual({ sequenceNumber: 0, text: 'the church' });
    expect(reduceSession(state, partial(0, 'the church'))).toBe(state);
  });

  it('gives way to the utterance’s line when it arrives, and ignores a late partial of it', () => {
    const state = run([partial(0, 'the church'), final(0, 'the church meets')], liveState);
    expect(state.partial).toBeUndefined();
    expect(state.transcript).toEqual([{ sequenceNumber: 0, text: 'the church meets' }]);
    expect(reduceSession(state, partial(0, 'the church meet'))).toBe(state);
  });

  it('keeps the next utterance’s live line when an earlier line arrives', () => {
    const state = run([partial(1, 'let us'), final(0, 'the church meets')], liveState);
    expect(state.partial).toEqual({ sequenceNumber: 1, text: 'let us' });
  });

  it('drops the line when nothing has been heard yet', () => {
    const state = run([partial(0, 'the'), partial(0, '  ')], liveState);
    expect(state.partial).toBeUndefined();
  });

  it('shows it only while live: not before speaking, nor while paused', () => {
    expect(reduceSession(createdState, partial(0, 'the'))).toBe(createdState);
    const paused = run(
      [partial(0, 'the'), { type: 'actionStarted', action: 'pause' }, { type: 'paused' }],
      liveState,
    );
    expect(paused.partial).toBeUndefined();
    expect(reduceSession(paused, partial(0, 'the church'))).toBe(paused);
  });

  it('clears it when the speaker stops, ends, or the server ends the session', () => {
    const speaking = reduceSession(liveState, partial(0, 'the'));
    expect(reduceSession(speaking, { type: 'speakingStopped' }).partial).toBeUndefined();
    const ending = run([{ type: 'askToEnd' }, { type: 'confirmEnd' }], speaking);
    expect(ending).toMatchObject({ phase: 'ending' });
    expect(ending.partial).toBeUndefined();
    const ended = reduceSession(speaking, { type: 'endedByServer', reason: 'expired' });
    expect(ended).toMatchObject({ phase: 'ended' });
    expect(ended.partial).toBeUndefined();
  });

  it('clears it when the connection drops, and shows the next words once it is back', () => {
    const dropped = run([partial(0, 'the'), { type: 'connectionState', state: 'reconnecting' }], liveState);
    expect(dropped.partial).toBeUndefined();
    const back = run([{ type: 'connectionState', state: 'open' }, partial(0, 'the church')], dropped);
    expect(back.partial).toEqual({ sequenceNumber: 0, text: 'the church' });
  });

  it('stops cleanly when no live line was shown', () => {
    const stopped = reduceSession(liveState, { type: 'speakingStopped' });
    expect(stopped.partial).toBeUndefined();
    expect('partial' in stopped).toBe(false);
  });
});
