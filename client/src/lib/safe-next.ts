/** `next` targets must stay inside the app (no `//host` or absolute URLs). */
export function safeNext(value: string | null): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/';
}
