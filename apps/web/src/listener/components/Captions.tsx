import { useEffect, useRef } from 'preact/hooks';
import { directionOf } from '../../shared/i18n';
import { useListener } from './context';
import { liveLine } from '../live-line';
import type { Caption, ListenerState } from '../state';

/** Captions shown on screen (the transcript keeps them all). */
const SHOWN = 60;

function Lines({
  caption,
  view,
  originalLabel,
}: {
  caption: Caption;
  view: ListenerState['captionView'];
  originalLabel: string;
}) {
  const same = caption.sourceText.trim() === caption.translatedText.trim();
  const translated = (
    <span class="translated" lang={caption.targetLanguage} dir={directionOf(caption.targetLanguage)}>
      {caption.translatedText}
    </span>
  );
  const original = (
    <span class="original" lang={caption.sourceLanguage} dir={directionOf(caption.sourceLanguage)}>
      {caption.sourceText}
    </span>
  );
  if (view === 'original') return original;
  if (view === 'both' && !same)
    return (
      <>
        {translated}
        <span class="visually-hidden">{originalLabel}: </span>
        {original}
      </>
    );
  return translated;
}

/**
 * The words heard so far (live captions as spoken), under the captions and outside their log, so
 * their many updates are not read aloud; a polite status tells screen readers once per utterance.
 */
function LiveLine({ state }: { state: ListenerState }) {
  const { t } = useListener().translator;
  const line = liveLine(state);
  const announced = state.liveAnnouncement;
  return (
    <>
      {line && (
        <p class="live-line" lang={line.language} dir={directionOf(line.language)}>
          <span class="visually-hidden">{t('liveCaptions.now')}: </span>
          {line.text}
        </p>
      )}
      {state.liveCaptions && (
        <p class="visually-hidden" role="status" aria-live="polite">
          {announced && (
            <span lang={announced.sourceLanguage} dir={directionOf(announced.sourceLanguage)}>
              {announced.text}
            </span>
          )}
        </p>
      )}
    </>
  );
}

/**
 * The captions: a `log` region, oldest first, the latest line large at the end. A screen reader
 * reads new lines aloud only in captions-only mode (otherwise the person is already hearing them).
 * With live captions on, the words heard so far follow, lighter and slanted.
 */
export function Captions({ state }: { state: ListenerState }) {
  const { t } = useListener().translator;
  const scroller = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  const shown = state.captions.slice(-SHOWN);
  const latest = shown[shown.length - 1];

  useEffect(() => {
    const element = scroller.current;
    if (element && pinned.current) element.scrollTop = element.scrollHeight;
  }, [latest, state.captionView, state.textScale]);

  return (
    <section class="captions" aria-labelledby="captions-title">
      <h2 id="captions-title" class="visually-hidden">
        {t('captions.heading')}
      </h2>
      <div
        class="caption-scroll"
        ref={scroller}
        tabIndex={0}
        role="log"
        aria-live={state.captionsOnly ? 'polite' : 'off'}
        aria-atomic="false"
        aria-labelledby="captions-title"
        onScroll={(event) => {
          const element = event.currentTarget;
          pinned.current = element.scrollHeight - element.scrollTop - element.clientHeight < 48;
        }}
      >
        {shown.length === 0 && <p class="waiting">{t('captions.waiting')}</p>}
        <ol class="caption-log">
          {shown.map((caption) => (
            <li
              key={`${caption.targetLanguage}:${caption.sequenceNumber}`}
              class={caption === latest ? 'caption latest' : 'caption'}
            >
              <Lines caption={caption} view={state.captionView} originalLabel={t('captions.original')} />
            </li>
          ))}
        </ol>
      </div>
      <LiveLine state={state} />
    </section>
  );
}
