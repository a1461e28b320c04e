// Audio-quality warnings, each with a plain explanation of what to do; announced politely, dismissible.
import type { QualityWarning } from '../session';
import { useConsole } from './context';

/**
 * The audio-quality warnings, each with what to do and Dismiss.
 *
 * @example
 * <Warnings warnings={session.warnings} />
 */
export function Warnings({ warnings }: { warnings: QualityWarning[] }) {
  const { translator, controller } = useConsole();
  const { t } = translator;
  return (
    <div class="warnings" role="status" aria-live="polite">
      {warnings.map((warning) => (
        <div key={warning.issue} class="warning" data-issue={warning.issue}>
          <p>
            <span aria-hidden="true">⚠ </span>
            {t(`warning.${warning.issue}`)}
          </p>
          <button type="button" onClick={() => controller.dismissWarning(warning.issue)}>
            {t('warning.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}
