import type { MissedUtterances } from '@lingocast/client';
import { ENV } from '@lingocast/config';
import type { RunningStage } from '@lingocast/stage';
import { sleep } from '@lingocast/speech-fixtures';
import type { CutMode } from './support/cuttable-proxy';
import { CuttableProxy } from './support/cuttable-proxy';
import { startOwnStage } from './support/own-stage';
import type { StageUrls, Talk } from './support/replay-harness';
import {
  byNumber,
  describeRecord,
  expectInOrderOnce,
  holdingAll,
  startTalk,
  talkSettled,
} from './support/replay-harness';
import { endpoints, until } from './support/stage';
import { logLines, streamTalk, talkSpeech } from './support/talk';

// Replay of missed utterances (issue 14) on the real local stage: a listener whose network goes
// away mid-talk, or whose server is killed and restarted, ends with what a listener who never dropped
// heard (caption and audio, byte for byte), in order, each once; a gap older than the replay window
// is reported (`utterancesMissed`), not lost. The cut is a loopback TCP proxy in front of the
// WebSocket port (support/cuttable-proxy): no close frame, reconnects refused while it lasts.

const CUT_MS = 10_000;
/**
 * The window of the stage of test 3 and the cut that outlasts it. Its own stage: a short window on
 * the shared one would change what every other file's listeners get back after a reconnect, and the
 * restart of test 2 (tens of seconds on a busy machine) needs the default window to fit in.
 */
const SHORT_WINDOW_MS = 15_000;
const LONG_CUT_MS = SHORT_WINDOW_MS + 10_000;
const OWN_STAGE_LIMITS = {
  [ENV.rateLimitListenerJoins]: '100000/60',
  [ENV.rateLimitConnectionAttempts]: '100000/60',
  [ENV.rateLimitFailedConnects]: '100000/60',
  [ENV.rateLimitHeartbeats]: '100000/60',
};

/** A stage of this file's own for one describe block: started before its tests, stopped after. */
function ownStage(name: string, env: Record<string, string>): () => { stage: RunningStage; urls: StageUrls } {
  let stage: RunningStage | undefined;
  beforeAll(async () => {
    stage = await startOwnStage(name, { ...OWN_STAGE_LIMITS, ...env });
  }, 300_000);
  afterAll(async () => {
    await stage?.stop();
  }, 60_000);
  return () => {
    if (!stage) throw new Error(`the stage ${name} did not start`);
    return { stage, urls: { ...stage.endpoints, logDir: stage.logDir } };
  };
}

/** A cut of `proxy` lasting `ms` from when `cut()` is called; `window` says when it began and ended. */
function timedCut(proxy: CuttableProxy, mode: CutMode, ms: number) {
  const window = { cutAt: 0, restoredAt: 0, restored: Promise.resolve() };
  return {
    window,
    cut() {
      proxy.cut(mode);
      window.cutAt = Date.now();
      window.restored = sleep(ms).then(() => {
        proxy.restore();
        window.restoredAt = Date.now();
      });
    },
  };
}

describe('replay of missed utterances', () => {
  let talk: Talk | undefined;
  let proxy: CuttableProxy | undefined;

  afterEach(async () => {
    await talk?.end();
    await proxy?.close();
    [talk, proxy] = [undefined, undefined];
  });

  describe('on the shared stage (the 5-minute window)', () => {
    it.each<CutMode>(['reset', 'black-hole'])(
      'a listener cut off for 10 s mid-talk (%s, reconnects refused) ends with every caption and audio, in order, each once',
      async (mode) => {
        const urls = endpoints();
        proxy = await CuttableProxy.start(new URL(urls.websocket));
        const t = (talk = await startTalk(urls));
        const reference = await t.listen(urls.websocket);
        const dropping = await t.listen(proxy.url());
        const { window, cut } = timedCut(proxy, mode, CUT_MS);

        await streamTalk(t.speaker, talkSpeech(8), async (index) => {
          if (index !== 1) return;
          await until(() => dropping.captions.length > 0, 'the first utterance before the cut', 30_000);
          cut();
        });
        await window.restored;
        const expected = await talkSettled(urls, t, reference);
        await holdingAll(dropping, expected.length);

        process.stdout.write(
          `[replay] cut (${mode}) ${window.restoredAt - window.cutAt} ms, proxy ${JSON.stringify(proxy.counts)}; ` +
            `translated ${expected.join(',')}\n  ${describeRecord('reference', reference)}\n  ${describeRecord('dropped', dropping)}\n`,
        );
        // The cut happened: it hit the socket, refused the reconnects, and the talk went on meanwhile.
        expect(proxy.counts.cutSockets).toBeGreaterThanOrEqual(1);
        expect(proxy.counts.refused).toBeGreaterThanOrEqual(1);
        expect(dropping.disconnects.length).toBeGreaterThanOrEqual(1);
        expect(dropping.reconnects.length).toBeGreaterThanOrEqual(1);
        const heardDuringCut = reference.captions.filter(
          (c) => c.at > window.cutAt && c.at < window.restoredAt,
        );
        expect(heardDuringCut.length).toBeGreaterThanOrEqual(1);
        // The reference holds every translated utterance; the dropped listener the very same, in order, once.
        expect(byNumber(reference.heard()).map((u) => u.sequenceNumber)).toEqual(expected);
        expect(dropping.heard()).toEqual(byNumber(reference.heard()));
        expect(dropping.heard().every((u) => u.audio !== undefined)).toBe(true);
        expectInOrderOnce(dropping);
        // It came back by replay, not by luck: the server sent at least what was said during the cut.
        const replays = dropping.received('replayComplete');
        expect(replays.reduce((sum, r) => sum + r.replayed, 0)).toBeGreaterThanOrEqual(heardDuringCut.length);
        expect(replays.every((r) => r.missed === undefined)).toBe(true);
        expect(dropping.listener.state).toBe('open');
      },
      180_000,
    );

    it('a listener joined before anything was said, cut off for 10 s as the first sentence starts, ends with every caption and audio, in order, each once', async () => {
      const urls = endpoints();
      proxy = await CuttableProxy.start(new URL(urls.websocket));
      const t = (talk = await startTalk(urls));
      // Both join before the speaker says anything: neither has an utterance number to ask after.
      const reference = await t.listen(urls.websocket);
      const dropping = await t.listen(proxy.url());
      const missed: MissedUtterances[] = [];
      dropping.listener.on('utterancesMissed', (range) => missed.push(range));
      const { window, cut } = timedCut(proxy, 'reset', CUT_MS);

      const streaming = streamTalk(t.speaker, talkSpeech(6));
      cut(); // the first sentence's first chunk is out: it has started, and nobody has heard anything
      await streaming;
      await window.restored;
      const expected = await talkSettled(urls, t, reference);
      await holdingAll(dropping, expected.length);

      process.stdout.write(
        `[replay] before the first utterance: cut ${window.restoredAt - window.cutAt} ms, proxy ${JSON.stringify(proxy.counts)}; ` +
          `translated ${expected.join(',')}\n  ${describeRecord('reference', reference)}\n  ${describeRecord('dropped', dropping)}\n`,
      );
      // Greeted before anything was said; the cut hit the socket before its first utterance, and the
      // reference heard the first one(s) while it lasted.
      for (const record of [reference, dropping]) {
        expect(record.received('sessionJoined')[0]).not.toHaveProperty('lastSequenceNumber');
      }
      expect(dropping.captions.filter((c) => c.at < window.restoredAt)).toEqual([]);
      expect(proxy.counts.cutSockets).toBeGreaterThanOrEqual(1);
      expect(proxy.counts.refused).toBeGreaterThanOrEqual(1);
      expect(dropping.reconnects.length).toBeGreaterThanOrEqual(1);
      const heardDuringCut = reference.captions.filter(
        (c) => c.at > window.cutAt && c.at < window.restoredAt,
      );
      expect(heardDuringCut.map((c) => c.sequenceNumber)).toContain(expected[0]);
      // Every utterance the reference got, the dropped listener got too: in order, once, with audio.
      expect(byNumber(reference.heard()).map((u) => u.sequenceNumber)).toEqual(expected);
      expect(dropping.heard()).toEqual(byNumber(reference.heard()));
      expect(dropping.heard().every((u) => u.audio !== undefined)).toBe(true);
      expectInOrderOnce(dropping);
      // By replay from the session's first utterance, nothing reported missed.
      const replays = dropping.received('replayComplete');
      expect(replays.reduce((sum, r) => sum + r.replayed, 0)).toBeGreaterThanOrEqual(heardDuringCut.length);
      expect(replays.every((r) => r.missed === undefined)).toBe(true);
      expect(missed).toEqual([]);
      expect(dropping.listener.state).toBe('open');
    }, 180_000);
  });

  describe('session-management killed and restarted (own stage, the 5-minute window)', () => {
    const own = ownStage('replay-restart', {});

    it('its listeners end with every caption and audio, in order, each once, the one translated while it was down replayed', async () => {
      const { stage, urls } = own();
      const t = (talk = await startTalk(urls));
      const first = await t.listen(urls.websocket);
      const second = await t.listen(urls.websocket);
      let restart: Promise<void> | undefined;
      const outage = { killedAt: 0, upAt: 0 };

      // Killed the moment audio-transcription has cut an utterance the listeners have not heard yet
      // (once they hold one, so they have a number to ask after): its speech-to-text, translation
      // and fan-out then happen while session-management, and every socket with it, is gone.
      const heardUpTo = () =>
        Math.min(...[first, second].map((r) => Math.max(-1, ...r.heard().map((u) => u.sequenceNumber))));
      const inFlight = () =>
        heardUpTo() >= 0 &&
        logLines<{ sessionId?: string; utterance: number }>(
          urls.logDir,
          'audio-transcription',
          'utterance claimed',
          t.session.sessionId,
        ).some((line) => line.utterance > heardUpTo());
      let talking = true;
      const watching = (async () => {
        // Polled every 50 ms while the talk lasts: the claim comes a second or more before the fan-out.
        for (let n = 0; n < 2_000 && talking && !restart; n += 1) {
          if (inFlight()) {
            outage.killedAt = Date.now();
            restart = stage.restartApp('session-management', { how: 'kill', downMs: 3_000 }).then(() => {
              outage.upAt = Date.now();
            });
          }
          await sleep(50);
        }
      })();
      await streamTalk(t.speaker, talkSpeech(8));
      talking = false;
      await watching;
      expect(restart).toBeDefined();
      await restart;
      const expected = await talkSettled(urls, t, first);
      await holdingAll(second, expected.length);

      process.stdout.write(
        `[replay] session-management down ${outage.upAt - outage.killedAt} ms; translated ${expected.join(',')}\n` +
          `  ${describeRecord('first', first)}\n  ${describeRecord('second', second)}\n`,
      );
      for (const record of [first, second]) {
        expect(record.disconnects.length).toBeGreaterThanOrEqual(1);
        expect(record.reconnects.length).toBeGreaterThanOrEqual(1);
        expect(record.heard().map((u) => u.sequenceNumber)).toEqual(expected);
        expect(record.heard().every((u) => u.audio !== undefined)).toBe(true);
        expectInOrderOnce(record);
        const replays = record.received('replayComplete');
        expect(replays.reduce((sum, r) => sum + r.replayed, 0)).toBeGreaterThanOrEqual(1);
        expect(replays.every((r) => r.missed === undefined)).toBe(true);
        expect(record.listener.state).toBe('open');
      }
      expect(second.heard()).toEqual(first.heard());
    }, 240_000);
  });

  describe(`a gap longer than the window (own stage, a ${SHORT_WINDOW_MS / 1000} s window)`, () => {
    const own = ownStage('replay-short-window', { [ENV.replayWindowMs]: String(SHORT_WINDOW_MS) });

    it('is reported as missed, and what is still in the window is replayed', async () => {
      const { urls } = own();
      proxy = await CuttableProxy.start(new URL(urls.websocket));
      const t = (talk = await startTalk(urls));
      // The reference keeps Spanish served: with nobody in it for longer than the window it would lapse.
      const reference = await t.listen(urls.websocket);
      const dropping = await t.listen(proxy.url());
      const missed: MissedUtterances[] = [];
      dropping.listener.on('utterancesMissed', (range) => missed.push(range));
      const { window, cut } = timedCut(proxy, 'reset', LONG_CUT_MS);

      await streamTalk(t.speaker, talkSpeech(Math.ceil((LONG_CUT_MS + 20_000) / 4_000)), async (index) => {
        if (index !== 1) return;
        await until(() => dropping.captions.length > 0, 'the first utterance before the cut', 30_000);
        cut();
      });
      await window.restored;
      const expected = await talkSettled(urls, t, reference);
      const isMissed = (n: number) =>
        missed.some((range) => n >= range.fromSequenceNumber && n <= range.toSequenceNumber);
      await holdingAll(dropping, expected.filter((n) => !isMissed(n)).length);

      process.stdout.write(
        `[replay] cut ${window.restoredAt - window.cutAt} ms; translated ${expected.join(',')}; missed ${JSON.stringify(missed)}\n` +
          `  ${describeRecord('reference', reference)}\n  ${describeRecord('dropped', dropping)}\n`,
      );
      expect(missed.length).toBeGreaterThanOrEqual(1);
      expect(missed.every((range) => range.windowMs === SHORT_WINDOW_MS && range.count >= 1)).toBe(true);
      // What is reported missed had left the window: the reference heard it well before the way back.
      const missedHeard = reference.captions.filter((c) => isMissed(c.sequenceNumber));
      expect(missedHeard.length).toBeGreaterThanOrEqual(1);
      const leftTheWindowBy = window.restoredAt - SHORT_WINDOW_MS + 5_000;
      expect(missedHeard.every((c) => c.at > window.cutAt && c.at < leftTheWindowBy)).toBe(true);
      // Nothing is lost silently: every utterance is either reported missed or held, in order, once.
      expect(dropping.heard()).toEqual(
        byNumber(reference.heard()).filter((u) => !isMissed(u.sequenceNumber)),
      );
      expectInOrderOnce(dropping);
      // And the part of the cut still in the window came back by replay.
      const inWindowDuringCut = reference.captions.filter(
        (c) => c.at > window.cutAt && c.at < window.restoredAt && !isMissed(c.sequenceNumber),
      );
      expect(inWindowDuringCut.length).toBeGreaterThanOrEqual(1);
    }, 240_000);
  });
});
