/**
 * Saves a response body as a file. The calendar and the CSV need the bearer token, which a plain
 * link cannot send, so they are fetched by the API client and handed over as an object URL.
 */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL; free it once this task is over.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
