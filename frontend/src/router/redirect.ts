/** Only same-app paths are accepted as a place to return to after login. */
export function safeRedirect(value: unknown): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string' || !v.startsWith('/') || v.startsWith('//') || v.startsWith('/\\')) return null;
  if (v.startsWith('/login')) return null;
  return v;
}
