import type { Listeners } from '../../shared/events.js';

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
    audit: (e) => ({ action: 'applicant.otp-sent', objectType: 'applicant_otp', objectId: e.otpId, details: { mobile: e.mobile } }),
  },
  'applicant.otp-failed': {
    audit: (e) => ({
      action: 'applicant.otp-failed',
      objectType: 'applicant_otp',
      objectId: e.otpId,
      details: { mobile: e.mobile, triesLeft: e.triesLeft },
    }),
  },
  'applicant.signed-in': {
    audit: (e) => ({ action: 'applicant.sign-in', objectType: 'applicant', objectId: e.applicantId, details: { mobile: e.mobile } }),
  },
  'applicant.confirmed-at-counter': {
    audit: (e) => ({
      action: 'applicant.confirm-at-counter',
      objectType: 'applicant',
      objectId: e.applicantId,
      details: { mobile: e.mobile },
    }),
  },
  'applicant.signed-out': { audit: (e) => ({ action: 'applicant.sign-out', objectType: 'applicant', objectId: e.applicantId }) },
};
