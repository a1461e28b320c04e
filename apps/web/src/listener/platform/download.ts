import type { TranscriptFile } from '../transcript';

/**
 * Saves a file made in the page (no server involved): a Blob URL behind a temporary download link.
 *
 * @example
 * saveFile({ filename: 'talk.txt', mimeType: 'text/plain', text: 'Hola' });
 */
export function saveFile(file: TranscriptFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by the next task; the URL is no longer needed.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
