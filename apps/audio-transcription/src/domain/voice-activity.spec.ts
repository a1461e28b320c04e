import { pcm, SAMPLE_RATE, silence, tone } from '../testing/audio';
import { measureChunkActivity } from './voice-activity';

const options = { sampleRate: SAMPLE_RATE };

describe('measureChunkActivity', () => {
  it('reports a silent chunk as all silence', () => {
    // Act
    const activity = measureChunkActivity(pcm(silence(250)), options);

    // Assess
    expect(activity).toEqual({
      durationMs: 250,
      hasSpeech: false,
      leadingSilenceMs: 250,
      trailingSilenceMs: 250,
    });
  });

  it('reports a chunk full of speech with no silence on either side', () => {
    // Act
    const activity = measureChunkActivity(pcm(tone(250)), options);

    // Assess
    expect(activity).toEqual({ durationMs: 250, hasSpeech: true, leadingSilenceMs: 0, trailingSilenceMs: 0 });
  });

  it('locates speech inside the chunk to within one 20 ms frame', () => {
    // Act
    const activity = measureChunkActivity(pcm(silence(100), tone(60), silence(90)), options);

    // Assess
    expect(activity.hasSpeech).toBe(true);
    expect(activity.durationMs).toBe(250);
    expect(activity.leadingSilenceMs).toBe(100);
    expect(activity.trailingSilenceMs).toBeGreaterThanOrEqual(70);
    expect(activity.trailingSilenceMs).toBeLessThanOrEqual(90);
  });

  it('treats sound below the speech threshold as silence', () => {
    // Act
    const activity = measureChunkActivity(pcm(tone(250, -55)), options);

    // Assess
    expect(activity.hasSpeech).toBe(false);
  });

  it('honours a custom speech threshold', () => {
    // Act
    const strict = measureChunkActivity(pcm(tone(250, -30)), { ...options, speechThresholdDb: -20 });
    const lenient = measureChunkActivity(pcm(tone(250, -30)), { ...options, speechThresholdDb: -40 });

    // Assess
    expect(strict.hasSpeech).toBe(false);
    expect(lenient.hasSpeech).toBe(true);
  });

  it('measures duration from the sample rate', () => {
    // Act
    const activity = measureChunkActivity(Buffer.alloc(8_000 * 2), { sampleRate: 8_000 });

    // Assess
    expect(activity.durationMs).toBe(1_000);
  });

  it('handles an empty chunk', () => {
    // Act
    const activity = measureChunkActivity(Buffer.alloc(0), options);

    // Assess
    expect(activity).toEqual({ durationMs: 0, hasSpeech: false, leadingSilenceMs: 0, trailingSilenceMs: 0 });
  });
});
