/** Only a path of this site may follow sign-in, never another origin (open redirect). */
export function safeNext(value: string | null, fallback = '/workspace'): string {
  if (value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\')) return value;
  return fallback;
}
