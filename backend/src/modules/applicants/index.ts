/**
 * Applicants: members of the public who sign in with a mobile number and a one-time password, to apply
 * for services and follow their applications (the public-services engine builds on this).
 */
export { applicantEntities } from './applicants.entity.js';
export { applicantRoutes } from './applicants.routes.js';
export { applicantListeners } from './applicants.events.js';
export { createOtpThrottle, type OtpThrottle } from './otp-throttle.js';
export { requireApplicant, presentApplicant, maskMobile } from './applicant-sessions.js';
export { ApplicantSchema, type Applicant } from './applicants.entity.js';
export { mobileNumber } from './applicants.schemas.js';
export { applicantActor, resolveApplicant } from './applicant-sessions.js';
export { confirmWalkIn } from './applicant-otp.js';
