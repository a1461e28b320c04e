// A problem with what to do about it, announced (role=alert), dismissible.
import { problemKey } from '../problems';
import type { Problem } from '../session';
import { useConsole } from './context';

/**
 * A problem and what to do about it, as an alert with a Dismiss button.
 *
 * @example
 * {state.problem && <ProblemAlert problem={state.problem} />}
 */
export function ProblemAlert({ problem }: { problem: Problem }) {
  const { translator, controller } = useConsole();
  const { t } = translator;
  return (
    <div class="problem" role="alert">
      <p>
        {t(problemKey(problem), { code: problem.code })}
        {problem.retryAfter !== undefined && ` ${t('problem.retryAfter', { count: problem.retryAfter })}`}
      </p>
      <button type="button" onClick={() => controller.dismissProblem()}>
        {t('problem.dismiss')}
      </button>
    </div>
  );
}
