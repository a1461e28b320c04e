// What the system recognised of the speaker's speech, newest last: a log, so screen readers read new lines;
// under it the live line of the utterance in progress, outside the log so its many updates are not read.
import { useEffect, useRef } from 'preact/hooks';
import type { TranscriptLine } from '../session';
import { useConsole } from './context';

/**
 * The recognised speech as a log, then the words heard so far (`partial`); `big` for the projector,
 * `limit` to show only the latest lines.
 *
 * @example
 * <Transcript lines={session.transcript} partial={session.partial} />
 */
export function Transcript({
  lines,
  partial,
  big = false,
  limit,
}: {
  lines: TranscriptLine[];
  partial?: TranscriptLine | undefined;
  big?: boolean;
  limit?: number;
}) {
  const { t } = useConsole().translator;
  const list = useRef<HTMLOListElement>(null);
  const shown = limit ? lines.slice(-limit) : lines;

  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [lines]);

  return (
    <section
      class={big ? 'transcript big' : 'card transcript'}
      aria-labelledby={big ? 'projector-captions' : 'transcript-title'}
    >
      <h2 id={big ? 'projector-captions' : 'transcript-title'} class={big ? 'visually-hidden' : undefined}>
        {big ? t('projector.captions') : t('transcript.title')}
      </h2>
      {shown.length === 0 && !partial && (
        <p class="hint">{big ? t('projector.waiting') : t('transcript.empty')}</p>
      )}
      <ol
        role="log"
        aria-live="polite"
        aria-labelledby={big ? 'projector-captions' : 'transcript-title'}
        ref={list}
        tabIndex={0}
      >
        {shown.map((line) => (
          <li key={line.sequenceNumber} data-sequence={line.sequenceNumber}>
            {line.text}
          </li>
        ))}
      </ol>
      {partial && (
        <p class="partial" data-sequence={partial.sequenceNumber}>
          <span class="visually-hidden">{t('transcript.partial')}: </span>
          {partial.text}
        </p>
      )}
    </section>
  );
}
