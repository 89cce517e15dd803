/** The secret part of a calendar-feed address in a logged URL (it is a credential). */
const FEED_TOKEN = /(\/calendar-feeds\/)[^/?#]+/;

/** `url` with a calendar feed's token replaced, so request logs never hold working addresses. */
export function redactFeedToken(url: string): string {
  return url.replace(FEED_TOKEN, '$1[redacted]');
}
