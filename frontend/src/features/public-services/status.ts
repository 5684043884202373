/**
 * The colour of an application's stage: with the applicant (to correct) — warn; disposed of — success,
 * or danger when refused (the definitions name such end states rejected/refused); else — info.
 */
export function stageSeverity(status: string, stage: string): 'info' | 'warn' | 'success' | 'danger' {
  if (status === 'with_applicant') return 'warn';
  if (status === 'closed') return /reject|refus/i.test(stage) ? 'danger' : 'success';
  return 'info';
}
