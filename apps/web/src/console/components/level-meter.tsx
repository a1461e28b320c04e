// The input level: a <meter> written directly on animation frames from the latest level, never through
// component state per sample (which froze the earlier console's meter).
import { useEffect, useRef } from 'preact/hooks';
import { LevelMeterLoop } from '../level';
import { useConsole } from './context';

const frames = {
  request: (callback: (time: number) => void) => requestAnimationFrame(callback),
  cancel: (handle: number) => cancelAnimationFrame(handle),
  now: () => performance.now(),
};

/**
 * The input level meter; moves while `active` (capture running).
 *
 * @example
 * <LevelMeter active={microphone.capturing} />
 */
export function LevelMeter({ active }: { active: boolean }) {
  const { translator, controller } = useConsole();
  const meter = useRef<HTMLMeterElement>(null);

  useEffect(() => {
    if (!active) return undefined;
    const loop = new LevelMeterLoop(frames, (reading) => {
      const element = meter.current;
      if (!element) return;
      element.value = reading;
      element.setAttribute('aria-valuetext', translator.t('mic.levelText', { reading }));
    });
    const off = controller.onLevel((level) => loop.push(level));
    loop.start();
    return () => {
      off();
      loop.stop();
    };
  }, [active, controller, translator]);

  return (
    <div class="level">
      <label for="input-level">{translator.t('mic.level')}</label>
      <meter id="input-level" ref={meter} min={0} max={100} low={20} high={90} optimum={60} value={0} />
    </div>
  );
}
