// Who is listening: the count and each language (by its name), refreshed every few seconds.
import { languageName } from '../../shared/languages';
import type { Audience } from '../session';
import { useConsole } from './context';

/**
 * The listener count and the count per language, by the language's name.
 *
 * @example
 * <AudiencePanel audience={session.audience} />
 */
export function AudiencePanel({ audience }: { audience: Audience | undefined }) {
  const { t, locale } = useConsole().translator;
  const count = audience?.listenerCount ?? 0;
  return (
    <section class="card audience" aria-labelledby="audience-title">
      <h2 id="audience-title">{t('audience.title')}</h2>
      <p role="status" class="audience-count" data-listener-count={count}>
        {t('audience.count', { count })}
      </p>
      {count === 0 ? (
        <p class="hint">{t('audience.none')}</p>
      ) : (
        <ul class="languages">
          {audience?.byLanguage.map(({ language, count: listeners }) => (
            <li key={language} data-language={language}>
              {t('audience.language', { language: languageName(language, locale), count: listeners })}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
