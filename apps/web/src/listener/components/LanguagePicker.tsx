import { languageName } from '../../shared/languages';
import { useListener } from './context';
import type { ListenerState } from '../state';

/** The language select: each language in its own name, with the page's name for it when different. */
export function LanguagePicker({ state }: { state: ListenerState }) {
  const { controller, translator } = useListener();
  const { t, locale } = translator;
  const value = state.pendingLanguage ?? state.language;
  return (
    <div class="field">
      <label for="language">{t('language.label')}</label>
      <select
        id="language"
        value={value}
        onChange={(event) => controller.chooseLanguage((event.target as HTMLSelectElement).value)}
      >
        {state.languages.map((code) => {
          const own = languageName(code, code);
          const ours = languageName(code, locale);
          return (
            <option key={code} value={code} lang={code}>
              {own === ours ? own : `${own} — ${ours}`}
            </option>
          );
        })}
      </select>
      {state.pendingLanguage && (
        <p class="hint" role="status">
          {t('language.switching', { language: languageName(state.pendingLanguage, state.pendingLanguage) })}
        </p>
      )}
    </div>
  );
}
