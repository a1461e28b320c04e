import type { Caption, CaptionView } from './state';

/** A file the page offers for download. */
export interface TranscriptFile {
  filename: string;
  mimeType: string;
  text: string;
}

/** How long a cue stays on screen when the next caption is far away or there is none. */
const LONGEST_CUE_MS = 8000;
const SHORTEST_CUE_MS = 1000;

function lines(caption: Caption, view: CaptionView): string[] {
  const same = caption.sourceText.trim() === caption.translatedText.trim();
  if (view === 'original') return [caption.sourceText];
  if (view === 'both' && !same) return [caption.translatedText, caption.sourceText];
  return [caption.translatedText];
}

/**
 * `HH:MM:SS.mmm`, the WebVTT timestamp of `ms`.
 *
 * @example
 * vttTimestamp(3_723_004); // '01:02:03.004'
 */
export function vttTimestamp(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const hours = Math.floor(total / 3_600_000);
  const minutes = Math.floor((total % 3_600_000) / 60_000);
  const seconds = Math.floor((total % 60_000) / 1000);
  const millis = total % 1000;
  const two = (value: number) => String(value).padStart(2, '0');
  return `${two(hours)}:${two(minutes)}:${two(seconds)}.${String(millis).padStart(3, '0')}`;
}

/**
 * `M:SS` (or `H:MM:SS`) of `ms` since the first caption, for the plain-text transcript.
 *
 * @example
 * clockOffset(65_000); // '1:05'
 */
export function clockOffset(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = String(seconds % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

function ordered(captions: readonly Caption[]): Caption[] {
  return [...captions].sort((a, b) => a.receivedAtMs - b.receivedAtMs || a.sequenceNumber - b.sequenceNumber);
}

function baseName(sessionId: string): string {
  return `lingocast-${sessionId.replace(/[^a-z0-9-]/gi, '')}`;
}

/**
 * The captions as plain text: one paragraph per utterance, with its time since the first caption.
 *
 * @example
 * plainTextTranscript('golden-eagle-427', captions, 'both').filename; // 'lingocast-golden-eagle-427.txt'
 */
export function plainTextTranscript(
  sessionId: string,
  captions: readonly Caption[],
  view: CaptionView,
): TranscriptFile {
  const sorted = ordered(captions);
  const start = sorted[0]?.receivedAtMs ?? 0;
  const paragraphs = sorted.map((caption) =>
    [`[${clockOffset(caption.receivedAtMs - start)}]`, ...lines(caption, view)].join('\n'),
  );
  return {
    filename: `${baseName(sessionId)}.txt`,
    mimeType: 'text/plain;charset=utf-8',
    text: paragraphs.length > 0 ? `${paragraphs.join('\n\n')}\n` : '',
  };
}

/** Cue text may not contain `-->` or a blank line; `<` and `&` are escaped. */
function cueText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/-->/g, '→')
    .replace(/\n\s*\n/g, '\n')
    .trim();
}

/**
 * The captions as WebVTT: each utterance a cue from its arrival to the next one's (1–8 s).
 *
 * @example
 * webVttTranscript('golden-eagle-427', captions, 'translated').text.startsWith('WEBVTT'); // true
 */
export function webVttTranscript(
  sessionId: string,
  captions: readonly Caption[],
  view: CaptionView,
): TranscriptFile {
  const sorted = ordered(captions);
  const start = sorted[0]?.receivedAtMs ?? 0;
  const cues = sorted.map((caption, index) => {
    const from = caption.receivedAtMs - start;
    const next = sorted[index + 1];
    const gap = next ? next.receivedAtMs - caption.receivedAtMs : LONGEST_CUE_MS;
    const to = from + Math.min(LONGEST_CUE_MS, Math.max(SHORTEST_CUE_MS, gap));
    return `${index + 1}\n${vttTimestamp(from)} --> ${vttTimestamp(to)}\n${lines(caption, view).map(cueText).join('\n')}`;
  });
  return {
    filename: `${baseName(sessionId)}.vtt`,
    mimeType: 'text/vtt;charset=utf-8',
    text: ['WEBVTT', ...cues].join('\n\n') + '\n',
  };
}
