/** `2026-05-04` → `04.05.2026`; `2026-05-04T10:00` → `04.05.2026 10:00` (India time as stored). */
export const whenDmy = (w: string): string =>
  `${w.slice(0, 10).split('-').reverse().join('.')}${w.length > 10 ? ` ${w.slice(11, 16)}` : ''}`;

/** `aadhaar:0123` → the kind's i18n key and the last four digits. */
export function maskedId(masked: string | null): { kind: string; last4: string } | null {
  if (!masked) return null;
  const [kind, last4] = masked.split(':');
  return { kind: kind ?? '', last4: last4 ?? '' };
}

export const stateSeverity = (state: string): 'success' | 'info' | 'warn' | 'danger' | 'secondary' =>
  state === 'valid' ? 'success' : state === 'notYetValid' ? 'info' : state === 'pending' ? 'secondary' : 'danger';
