import { LevelMeter } from './level-meter';

describe('LevelMeter', () => {
  it('gives RMS and peak in dBFS once per window, carrying samples over between pushes', () => {
    // Prepare: a window of 4 samples
    const meter = new LevelMeter(4);

    // Act
    const first = meter.push(Float32Array.from([0.5, -0.5, 0.5]));
    const second = meter.push(Float32Array.from([-0.5, 1, 0, 0, 0, 0.1]));

    // Assess: a square wave at half scale is -6.0 dBFS RMS and peak; one full-scale sample in four
    // is -6.0 dBFS RMS with a 0 dBFS peak; the last sample waits for its window
    expect(first).toEqual([]);
    expect(second).toEqual([
      { rmsDb: -6, peakDb: -6 },
      { rmsDb: -6, peakDb: 0 },
    ]);
    expect(meter.push(Float32Array.from([0, 0, 0]))).toEqual([{ rmsDb: -26, peakDb: -20 }]);
  });

  it('reads silence as the floor, never -Infinity', () => {
    const meter = new LevelMeter(2, -90);
    expect(meter.push(new Float32Array(4))).toEqual([
      { rmsDb: -90, peakDb: -90 },
      { rmsDb: -90, peakDb: -90 },
    ]);
  });

  it('caps samples beyond full scale at 0 dBFS', () => {
    expect(new LevelMeter(1).push(Float32Array.from([2]))).toEqual([{ rmsDb: 0, peakDb: 0 }]);
  });
});
