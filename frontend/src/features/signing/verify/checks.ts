import type { VerifiedSignature } from '../types';

/** `ok`: fine; `warn`: not a failure but worth knowing; `fail`: the signature cannot be relied on for this reason. */
export type CheckLevel = 'ok' | 'warn' | 'fail';

export type CheckName = 'integrity' | 'coverage' | 'trust' | 'validity' | 'keyUsage' | 'revocation' | 'digest';

export interface Check {
  name: CheckName;
  level: CheckLevel;
  /** i18n key of the plain-words explanation (under verify.check.<name>.*). */
  key: string;
}

/** The report's answers for one signature or document timestamp, as checks a non-specialist can read. */
export function signatureChecks(s: VerifiedSignature): Check[] {
  const c = (name: CheckName, level: CheckLevel, variant: string): Check => ({ name, level, key: `verify.check.${name}.${variant}` });
  const ts = s.kind === 'timestamp';
  const checks = [
    s.integrity ? c('integrity', 'ok', ts ? 'tsOk' : 'ok') : c('integrity', 'fail', ts ? 'tsFail' : 'fail'),
    // an earlier signature of a letter countersigned later covers only the part before the later one
    s.coversWholeDocument ? c('coverage', 'ok', 'ok') : c('coverage', 'warn', ts ? 'tsPartial' : 'partial'),
    s.trusted ? c('trust', 'ok', 'ok') : c('trust', 'fail', 'fail'),
    s.certificateValidAtSigning ? c('validity', 'ok', 'ok') : c('validity', 'fail', 'fail'),
    s.keyUsageOk ? c('keyUsage', 'ok', ts ? 'tsaOk' : 'ok') : c('keyUsage', 'fail', ts ? 'tsaFail' : 'fail'),
    s.revocation === 'good'
      ? c('revocation', 'ok', 'good')
      : s.revocation === 'revoked'
        ? c('revocation', 'fail', 'revoked')
        : c('revocation', 'warn', 'unknown'),
  ];
  if (s.problems.includes('weakDigest')) checks.push(c('digest', 'warn', 'weak'));
  return checks;
}

/** One word for the signature: valid, valid with remarks, or not valid. */
export function signatureVerdict(s: VerifiedSignature): 'valid' | 'warnings' | 'invalid' {
  const checks = signatureChecks(s);
  if (checks.some((x) => x.level === 'fail')) return 'invalid';
  if (checks.some((x) => x.level === 'warn')) return 'warnings';
  return 'valid';
}
