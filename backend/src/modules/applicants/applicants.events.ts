import { auditOf, type Listeners } from '../../shared/events.js';

/** What applicants do to sign in; recorded in the audit chain (numbers masked), seen by nobody live. */
declare module '../../shared/events.js' {
  interface DomainEvents {
    'applicant.otp-sent': { otpId: string; mobile: string };
    'applicant.otp-failed': { otpId: string; mobile: string; triesLeft: number };
    'applicant.signed-in': { applicantId: string; mobile: string };
    'applicant.signed-out': { applicantId: string };
    /** A walk-in applicant's mobile confirmed by OTP at a counter or CSC (the operator is the actor). */
    'applicant.confirmed-at-counter': { applicantId: string; mobile: string };
  }
}

export const applicantListeners: Listeners = {
  'applicant.otp-sent': {
    audit: (e) => auditOf('applicant.otp-sent', 'applicant_otp', e.otpId, { mobile: e.mobile }),
  },
  'applicant.otp-failed': {
    audit: (e) => auditOf('applicant.otp-failed', 'applicant_otp', e.otpId, { mobile: e.mobile, triesLeft: e.triesLeft }),
  },
  'applicant.signed-in': {
    audit: (e) => auditOf('applicant.sign-in', 'applicant', e.applicantId, { mobile: e.mobile }),
  },
  'applicant.confirmed-at-counter': {
    audit: (e) => auditOf('applicant.confirm-at-counter', 'applicant', e.applicantId, { mobile: e.mobile }),
  },
  'applicant.signed-out': { audit: (e) => auditOf('applicant.sign-out', 'applicant', e.applicantId) },
};
