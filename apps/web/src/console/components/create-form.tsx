// New session: the source language and quality tier, both from what the server lists.
import { useEffect, useRef } from 'preact/hooks';
import { languageName } from '../../shared/languages';
import { problemKey } from '../problems';
import { useConsole, useStore } from './context';
import { ProblemAlert } from './problem-alert';

/**
 * The new-session form: source language and quality tier from the server's lists.
 *
 * @example
 * <CreateForm />
 */
export function CreateForm() {
  const { translator, controller } = useConsole();
  const { t, locale } = translator;
  const state = useStore(controller.session);
  const { options } = state;
  const creating = state.phase === 'creating';
  const heading = useRef<HTMLHeadingElement>(null);
  // Signed in (or back from an ended session): focus starts at this form, not at the top of the page.
  useEffect(() => heading.current?.focus(), []);

  return (
    <form
      class="card"
      aria-labelledby="create-title"
      aria-busy={creating || options.kind === 'loading' ? 'true' : undefined}
      onSubmit={(event) => {
        event.preventDefault();
        void controller.createSession();
      }}
    >
      <h2 id="create-title" tabIndex={-1} ref={heading}>
        {t('create.title')}
      </h2>
      {options.kind === 'loading' && <p role="status">{t('create.loading')}</p>}
      {options.kind === 'failed' && (
        <div class="problem" role="alert">
          <p>
            {t('create.languagesFailed')} {t(problemKey(options.problem), { code: options.problem.code })}
          </p>
          <button type="button" onClick={() => void controller.loadLanguages()}>
            {t('create.retry')}
          </button>
        </div>
      )}
      {options.kind === 'loaded' && (
        <>
          <label for="source-language">{t('create.language')}</label>
          <select
            id="source-language"
            value={state.sourceLanguage}
            onChange={(event) => controller.chooseLanguage(event.currentTarget.value)}
          >
            {options.sourceLanguages.map((code) => (
              <option key={code} value={code}>
                {languageName(code, locale)}
              </option>
            ))}
          </select>
          <fieldset>
            <legend>{t('create.tier')}</legend>
            <div class="choices">
              {options.qualityTiers.map((tier) => (
                <label key={tier} class="choice">
                  <input
                    type="radio"
                    name="quality-tier"
                    value={tier}
                    checked={state.qualityTier === tier}
                    onChange={() => controller.chooseTier(tier)}
                  />
                  {t(`tier.${tier}`)}
                </label>
              ))}
            </div>
          </fieldset>
        </>
      )}
      {state.problem && <ProblemAlert problem={state.problem} />}
      <button
        class="primary"
        type="submit"
        disabled={creating || options.kind !== 'loaded' || !state.sourceLanguage}
      >
        {creating ? t('create.submitting') : t('create.submit')}
      </button>
    </form>
  );
}
