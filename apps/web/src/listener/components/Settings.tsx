import { useListener } from './context';
import { TEXT_SCALES } from '../state';
import type { CaptionView, ListenerState, Theme } from '../state';

const VIEWS: readonly CaptionView[] = ['translated', 'original', 'both'];
const THEMES: readonly Theme[] = ['system', 'light', 'dark'];

/** Display choices: live captions as spoken, what the captions show, text size, colours. All remembered. */
export function Settings({ state }: { state: ListenerState }) {
  const { controller, translator } = useListener();
  const { t } = translator;
  const smallest = state.textScale <= (TEXT_SCALES[0] as number);
  const largest = state.textScale >= (TEXT_SCALES[TEXT_SCALES.length - 1] as number);
  return (
    <details class="settings">
      <summary>{t('settings.heading')}</summary>
      <div class="field">
        <label class="option">
          <input
            type="checkbox"
            checked={state.liveCaptions}
            aria-describedby="live-captions-hint"
            onChange={(event) => controller.chooseLiveCaptions(event.currentTarget.checked)}
          />
          <span>{t('liveCaptions.label')}</span>
        </label>
        <p id="live-captions-hint" class="hint">
          {t('liveCaptions.hint')}
        </p>
      </div>
      <fieldset class="choice segmented">
        <legend>{t('view.legend')}</legend>
        {VIEWS.map((view) => (
          <label class="option" key={view}>
            <input
              type="radio"
              name="view"
              checked={state.captionView === view}
              onChange={() => controller.chooseCaptionView(view)}
            />
            <span>{t(`view.${view}`)}</span>
          </label>
        ))}
      </fieldset>
      <div class="field text-size" role="group" aria-labelledby="text-size-label">
        <span id="text-size-label">{t('textSize.label')}</span>
        <div class="row">
          <button
            type="button"
            aria-label={t('textSize.smaller')}
            disabled={smallest}
            onClick={() => controller.stepTextSize(-1)}
          >
            A−
          </button>
          <output aria-live="polite">{Math.round(state.textScale * 100)} %</output>
          <button
            type="button"
            aria-label={t('textSize.larger')}
            disabled={largest}
            onClick={() => controller.stepTextSize(1)}
          >
            A+
          </button>
        </div>
      </div>
      <fieldset class="choice segmented">
        <legend>{t('theme.legend')}</legend>
        {THEMES.map((theme) => (
          <label class="option" key={theme}>
            <input
              type="radio"
              name="theme"
              checked={state.theme === theme}
              onChange={() => controller.chooseTheme(theme)}
            />
            <span>{t(`theme.${theme}`)}</span>
          </label>
        ))}
      </fieldset>
    </details>
  );
}
